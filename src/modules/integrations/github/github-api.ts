import { z } from 'zod';
import type { ConnectionView } from '../connector.js';
import {
  type HelpdeskHttp,
  HelpdeskHttpError,
  type HelpdeskRequest,
  type HelpdeskResponse,
} from '../helpdesk-http.js';

// How the GitHub connector talks to the REST API: the connection's settings and token, the
// documented headers, rate limits turned into a wait, and the Link header's paging.

export const GITHUB_API_VERSION = '2022-11-28';
/** GitHub's advice when a rate limit names no time: "wait for at least one minute". */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export const githubCredentialsSchema = z.strictObject({
  token: z
    .string()
    .min(8)
    .max(500)
    .describe('A token with Issues read and write: Authorization: Bearer <token>'),
});

export const githubSettingsSchema = z.strictObject({
  owner: z.string().min(1).max(100),
  repo: z.string().min(1).max(100),
  /** Issue comments are public on GitHub, so the explanation is written only when asked for. */
  explanationComment: z.boolean().default(false),
});

type GitHubSettings = z.infer<typeof githubSettingsSchema>;

export const settingsOf = (connection: ConnectionView): GitHubSettings =>
  githubSettingsSchema.parse(connection.settings);

/** /repos/{owner}/{repo} of the connection, encoded. */
export function repoPath(connection: ConnectionView): string {
  const { owner, repo } = settingsOf(connection);
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

function headers(connection: ConnectionView): Record<string, string> {
  return {
    authorization: `Bearer ${connection.credentials.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': GITHUB_API_VERSION,
  };
}

/**
 * GitHub answers a rate limit with 403 or 429 (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit):
 * with retry-after for a secondary limit, else with x-ratelimit-reset. Both become a 429 with the
 * wait, so the platform pauses the connection instead of dead-lettering a 403.
 */
export async function githubCall<T>(
  connection: ConnectionView,
  http: HelpdeskHttp,
  request: HelpdeskRequest,
): Promise<HelpdeskResponse<T>> {
  try {
    return await http.request<T>({ ...request, headers: headers(connection) });
  } catch (error) {
    if (!(error instanceof HelpdeskHttpError)) throw error;
    const rateLimited = (error.status === 403 || error.status === 429) && /rate limit/i.test(error.message);
    if (!rateLimited) throw error;
    const waitMs = error.retryAfterMs ?? (await primaryResetWaitMs(connection, http));
    throw new HelpdeskHttpError(429, error.message, waitMs);
  }
}

/** How long until the primary limit resets, from GET /rate_limit (which does not count against it). */
async function primaryResetWaitMs(connection: ConnectionView, http: HelpdeskHttp): Promise<number> {
  try {
    const answer: HelpdeskResponse<{ resources?: { core?: { remaining?: number; reset?: number } } }> =
      await http.request({ path: '/rate_limit', headers: headers(connection) });
    const core = answer.body.resources?.core;
    // Measured against GitHub's own clock (its Date header), so our clock's skew does not matter.
    const serverNow = Date.parse(answer.headers.get('date') ?? '');
    if (core?.remaining !== 0 || core.reset === undefined || Number.isNaN(serverNow)) {
      return DEFAULT_RATE_LIMIT_WAIT_MS;
    }
    return Math.max(1_000, core.reset * 1000 - serverNow);
  } catch {
    return DEFAULT_RATE_LIMIT_WAIT_MS;
  }
}

/**
 * The URL of the Link header's rel="next", or null on the last page
 * (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api#using-link-headers).
 */
export function nextLink(headers: Headers): string | null {
  for (const part of (headers.get('link') ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="next"/.exec(part);
    if (match) return match[1] as string;
  }
  return null;
}

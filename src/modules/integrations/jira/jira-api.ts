import { z } from 'zod';
import type { ConnectionView, EffectContext, ExternalTicket } from '../connector.js';
import type { HelpdeskRequest } from '../helpdesk-http.js';
import { categoryOfValue } from '../write-back-plan.js';

// What the Jira connector's webhook reading, write-back and backfill share: the connection's
// credentials and settings, the authenticated call, and how a category and a text are read.

export const jiraCredentialsSchema = z.strictObject({
  email: z.string().min(3).max(320).describe('The Atlassian account, sent as basic auth with the API token'),
  apiToken: z.string().min(8).max(500),
});

export const jiraSettingsSchema = z.strictObject({
  /** The single-select custom field that holds the category (`customfield_10042`), or `labels`. */
  categoryFieldId: z
    .string()
    .regex(/^(customfield_\d+|labels)$/, 'is neither a custom field id (customfield_NNNNN) nor "labels"'),
  /** The service project's key: backfill reads only its issues (without it, every project's). */
  projectKey: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'is not a Jira project key (e.g. SUP)')
    .optional(),
});

export const settingsOf = (connection: ConnectionView) => jiraSettingsSchema.parse(connection.settings);

/** Plain text of a string or an Atlassian Document Format node. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') return '';
  const node = value as { type?: string; text?: string; content?: unknown[] };
  if (typeof node.text === 'string') return node.text;
  const parts = (node.content ?? []).map(plainText);
  return parts.join(node.type === 'doc' ? '\n' : '');
}

function authorization(connection: ConnectionView): string {
  const { email, apiToken } = connection.credentials;
  return `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`;
}

export function jiraCall<T>(context: Pick<EffectContext, 'connection' | 'http'>, request: HelpdeskRequest) {
  return context.http.request<T>({
    ...request,
    headers: { authorization: authorization(context.connection), accept: 'application/json' },
  });
}

export const mappedLabels = (connection: ConnectionView, labels: string[]) =>
  labels.filter((label) => categoryOfValue(connection, label) !== null);

/** The category the issue has now: the option's value, or the first mapped label. */
export function currentCategory(connection: ConnectionView, field: unknown, fieldId: string): string | null {
  if (fieldId === 'labels') {
    return (
      mappedLabels(connection, Array.isArray(field) ? field.filter((l) => typeof l === 'string') : [])[0] ??
      null
    );
  }
  const value = (field as { value?: unknown } | null | undefined)?.value;
  return typeof value === 'string' && value !== '' ? value : null;
}

type JiraPerson = { emailAddress?: string | undefined } | null | undefined;

/** The parts of an issue that make a ticket, as both webhooks and the REST API carry them. */
export interface JiraIssueFields {
  summary?: string | null | undefined;
  description?: unknown;
  created?: string | null | undefined;
  labels?: string[] | null | undefined;
  reporter?: JiraPerson;
  assignee?: JiraPerson;
}

/** An issue as Triage keeps it, the same whether a webhook or backfill read it. */
export function issueTicket(issue: {
  id: string;
  key?: string | undefined;
  fields: JiraIssueFields;
}): ExternalTicket {
  const { fields } = issue;
  return {
    externalId: issue.id,
    subject: fields.summary ?? '',
    body: plainText(fields.description),
    requesterEmail: fields.reporter?.emailAddress ?? null,
    assigneeEmail: fields.assignee?.emailAddress ?? null,
    createdAt: fields.created ?? null,
    fields: { key: issue.key ?? '', labels: fields.labels ?? [] },
  };
}

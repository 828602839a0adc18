import { z } from 'zod';
import type { ExternalTicket } from '../connector.js';

// The parts of GitHub's webhook bodies the connector reads (everything else is kept raw):
//   issues:        https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
//   issue_comment: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issue_comment
// Checked against the official examples (@octokit/webhooks-examples) in github-connector.test.ts.

const account = z.object({
  login: z.string().min(1).max(200),
  id: z.number().int(),
  type: z.string().max(50).optional(),
});

const label = z.object({ name: z.string().min(1).max(200) });

export const githubIssueSchema = z.object({
  number: z.number().int().positive(),
  title: z.string().max(1_000),
  body: z.string().max(500_000).nullable().default(null),
  user: account,
  labels: z.array(label).max(500).default([]),
  state: z.string().max(20).optional(),
  created_at: z.string().max(40).optional(),
  html_url: z.string().max(2_000).optional(),
  // Present when the "issue" is a pull request (issue_comment fires for both).
  pull_request: z.unknown().optional(),
});

const base = {
  issue: githubIssueSchema,
  repository: z.object({ full_name: z.string().min(3).max(300) }),
  sender: account,
};

export const githubIssuesEventSchema = z.discriminatedUnion('action', [
  z.object({ ...base, action: z.literal('opened') }),
  z.object({
    ...base,
    action: z.literal('edited'),
    changes: z
      .object({
        title: z.object({ from: z.string().max(1_000) }).optional(),
        body: z.object({ from: z.string().max(500_000).nullable() }).optional(),
      })
      .default({}),
  }),
  z.object({ ...base, action: z.literal('labeled'), label }),
  z.object({ ...base, action: z.literal('unlabeled'), label }),
]);

export const githubIssueCommentEventSchema = z.object({
  ...base,
  action: z.literal('created'),
  comment: z.object({ id: z.number().int(), body: z.string().max(500_000), user: account }),
});

export type GitHubIssue = z.infer<typeof githubIssueSchema>;
export type GitHubIssuesEvent = z.infer<typeof githubIssuesEventSchema>;
export type GitHubIssueCommentEvent = z.infer<typeof githubIssueCommentEventSchema>;
export type GitHubAccount = z.infer<typeof account>;

/** Actions of the two subscribed events that the connector turns into Triage events. */
export const HANDLED_ACTIONS: Record<string, readonly string[]> = {
  issues: ['opened', 'edited', 'labeled', 'unlabeled'],
  issue_comment: ['created'],
};

/** An issue as Triage keeps it, the same whether a webhook or backfill read it. */
export function issueTicket(issue: GitHubIssue): ExternalTicket {
  return {
    externalId: String(issue.number),
    subject: issue.title,
    body: issue.body ?? '',
    requesterEmail: null,
    assigneeEmail: null,
    createdAt: issue.created_at ?? null,
    fields: {
      author: issue.user.login,
      labels: issue.labels.map((label) => label.name),
      url: issue.html_url ?? null,
    },
  };
}

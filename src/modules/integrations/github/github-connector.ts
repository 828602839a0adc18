import type {
  ConnectionView,
  Connector,
  EffectContext,
  HelpdeskActor,
  InboundEvent,
  InboundRequest,
  ParseResult,
} from '../connector.js';
import type { HelpdeskResponse } from '../helpdesk-http.js';
import { checkBody, readJsonBody } from '../inbound-body.js';
import { categoryOfValue, noteMarkerLine, planStandardWriteBack } from '../write-back-plan.js';
import {
  githubCall as call,
  githubCredentialsSchema,
  githubSettingsSchema,
  nextLink,
  repoPath,
  settingsOf,
} from './github-api.js';
import { listGitHubPastTickets } from './github-past-tickets.js';
import {
  type GitHubAccount,
  type GitHubIssueCommentEvent,
  type GitHubIssuesEvent,
  githubIssueCommentEventSchema,
  githubIssuesEventSchema,
  HANDLED_ACTIONS,
  issueTicket,
} from './github-payload.js';
import { githubSignatureMatches } from './github-signature.js';

// GitHub Issues: issues arrive by repository webhook (events `issues` and `issue_comment`, signed
// with X-Hub-Signature-256); a category is a label (the mapping's value, e.g. "category:billing")
// and the explanation an issue comment when the connection asks for it. docs/integrations/github.md.

const COMMENTS_PER_PAGE = 100;

function actorOf(connection: ConnectionView, sender: GitHubAccount): HelpdeskActor {
  const own = connection.integrationUser.id?.toLowerCase() ?? null;
  const isIntegration = own !== null && (own === sender.login.toLowerCase() || own === String(sender.id));
  return { id: sender.login, email: null, name: sender.login, isIntegration };
}

/** The mapped category label on an issue other than `except` (the first, if a person put several). */
function otherCategoryLabel(
  connection: ConnectionView,
  labels: readonly string[],
  except: string,
): string | null {
  return labels.find((name) => name !== except && categoryOfValue(connection, name) !== null) ?? null;
}

function issuesEvent(
  connection: ConnectionView,
  event: GitHubIssuesEvent,
  base: EventBase,
): InboundEvent | null {
  const labels = event.issue.labels.map((label) => label.name);
  switch (event.action) {
    case 'opened':
      return { ...base, type: 'ticket_created', ticket: issueTicket(event.issue) };
    case 'edited': {
      const changes = {
        ...(event.changes.title === undefined ? {} : { subject: event.issue.title }),
        ...(event.changes.body === undefined ? {} : { body: event.issue.body ?? '' }),
      };
      return Object.keys(changes).length === 0 ? null : { ...base, type: 'ticket_updated', changes };
    }
    case 'labeled':
      if (categoryOfValue(connection, event.label.name) === null) return null;
      return {
        ...base,
        type: 'category_changed',
        value: event.label.name,
        previousValue: otherCategoryLabel(connection, labels, event.label.name),
      };
    case 'unlabeled':
      if (categoryOfValue(connection, event.label.name) === null) return null;
      return {
        ...base,
        type: 'category_changed',
        value: otherCategoryLabel(connection, labels, event.label.name),
        previousValue: event.label.name,
      };
  }
}

type EventBase = Pick<InboundEvent, 'eventId' | 'externalId' | 'actor' | 'occurredAt'>;

function commentEvent(event: GitHubIssueCommentEvent, base: EventBase): InboundEvent | null {
  if (event.issue.pull_request !== undefined) return null;
  return { ...base, type: 'ticket_commented', comment: { body: event.comment.body, isPublic: true } };
}

function parse(request: InboundRequest, connection: ConnectionView): ParseResult {
  const name = request.headers['x-github-event'];
  const deliveryId = request.headers['x-github-delivery'];
  if (!name || !deliveryId) return { ok: false, reason: 'X-GitHub-Event or X-GitHub-Delivery is missing.' };
  const body = readJsonBody(request.rawBody);
  if (!body.ok) return body;
  const json = body.data;
  const action = (json as { action?: unknown } | null)?.action;
  // ping, other events and other actions are kept raw and change nothing.
  if (typeof action !== 'string' || !HANDLED_ACTIONS[name]?.includes(action))
    return { ok: true, deliveryId, events: [] };
  const schema = name === 'issues' ? githubIssuesEventSchema : githubIssueCommentEventSchema;
  const parsed = checkBody(schema, json, `The ${name} event`);
  if (!parsed.ok) return parsed;
  const settings = settingsOf(connection);
  if (parsed.data.repository.full_name.toLowerCase() !== `${settings.owner}/${settings.repo}`.toLowerCase()) {
    return { ok: true, deliveryId, events: [] };
  }
  const base: EventBase = {
    eventId: `github:${deliveryId}`,
    externalId: String(parsed.data.issue.number),
    actor: actorOf(connection, parsed.data.sender),
    occurredAt: request.receivedAt.toISOString(),
  };
  const event =
    name === 'issues'
      ? issuesEvent(connection, parsed.data as GitHubIssuesEvent, base)
      : commentEvent(parsed.data as GitHubIssueCommentEvent, base);
  return { ok: true, deliveryId, events: event === null ? [] : [event] };
}

function issuePath(context: EffectContext): string {
  return `${repoPath(context.connection)}/issues/${encodeURIComponent(context.externalId)}`;
}

async function labelsOf(context: EffectContext): Promise<string[]> {
  const answer = await call<Array<{ name: string }>>(context.connection, context.http, {
    path: `${issuePath(context)}/labels?per_page=100`,
  });
  return answer.body.map((label) => label.name);
}

/** Every comment of the issue, following the Link header's rel="next". */
async function commentBodies(context: EffectContext): Promise<string[]> {
  const bodies: string[] = [];
  let path: string | null = `${issuePath(context)}/comments?per_page=${COMMENTS_PER_PAGE}`;
  while (path !== null) {
    const answer: HelpdeskResponse<Array<{ body?: string }>> = await call(context.connection, context.http, {
      path,
    });
    bodies.push(...answer.body.map((comment) => comment.body ?? ''));
    path = nextLink(answer.headers);
  }
  return bodies;
}

const sameLabel = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const githubConnector: Connector = {
  kind: 'github',
  displayName: 'GitHub Issues',
  credentialsSchema: githubCredentialsSchema,
  settingsSchema: githubSettingsSchema,
  requiresInboundSecret: true,

  verifyInbound(request, connection) {
    if (!connection.inboundSecret)
      return { ok: false, reason: 'The connection has no webhook secret to check with.' };
    const given = request.headers['x-hub-signature-256'];
    if (!given) return { ok: false, reason: 'X-Hub-Signature-256 is missing.' };
    return githubSignatureMatches(connection.inboundSecret, request.rawBody, given)
      ? { ok: true }
      : { ok: false, reason: 'X-Hub-Signature-256 does not match the body.' };
  },

  parseInbound: parse,

  toTicket(event) {
    const t = event.ticket;
    const author = typeof t.fields.author === 'string' ? t.fields.author : undefined;
    return {
      externalId: t.externalId,
      subject: t.subject,
      body: t.body,
      channel: 'github',
      ...(author ? { requester: author } : {}),
      ...(t.createdAt ? { createdAt: t.createdAt } : {}),
      customFields: t.fields,
    };
  },

  planWriteBack(input, connection) {
    const planned = planStandardWriteBack(input, connection);
    return settingsOf(connection).explanationComment
      ? planned
      : planned.filter((effect) => effect.action.type !== 'add_note');
  },

  async inspect(context) {
    const { action, marker } = context.effect;
    switch (action.type) {
      case 'set_category': {
        const labels = await labelsOf(context);
        const present = labels.find((name) => sameLabel(name, action.value));
        const mapped = labels.find((name) => categoryOfValue(context.connection, name) !== null) ?? null;
        return { applied: present !== undefined, categoryValue: present ?? mapped };
      }
      case 'add_tags': {
        const labels = await labelsOf(context);
        return { applied: action.tags.every((tag) => labels.some((name) => sameLabel(name, tag))) };
      }
      case 'add_note':
        return {
          applied: (await commentBodies(context)).some((body) => body.includes(noteMarkerLine(marker))),
        };
      case 'set_group':
      case 'set_assignee':
        // GitHub issues have no groups, and assignees stay with people: nothing to write.
        return { applied: true };
    }
  },

  async apply(context) {
    const { action } = context.effect;
    const path = issuePath(context);
    const { connection, http } = context;
    switch (action.type) {
      case 'set_category': {
        // The platform calls this only when no person's category is in the way, so another mapped
        // label still on the issue is Triage's earlier one: replace it.
        const stale = (await labelsOf(context)).filter(
          (name) => !sameLabel(name, action.value) && categoryOfValue(connection, name) !== null,
        );
        await call(connection, http, {
          path: `${path}/labels`,
          method: 'POST',
          json: { labels: [action.value] },
        });
        for (const name of stale) {
          await call(connection, http, {
            path: `${path}/labels/${encodeURIComponent(name)}`,
            method: 'DELETE',
          });
        }
        return;
      }
      case 'add_tags':
        await call(connection, http, {
          path: `${path}/labels`,
          method: 'POST',
          json: { labels: action.tags },
        });
        return;
      case 'add_note':
        await call(connection, http, {
          path: `${path}/comments`,
          method: 'POST',
          json: { body: action.body },
        });
        return;
      case 'set_group':
      case 'set_assignee':
        return;
    }
  },

  listPastTickets: listGitHubPastTickets,

  async testConnection({ connection, http }) {
    const { body } = await call<{ login?: string; id?: number; name?: string | null; email?: string | null }>(
      connection,
      http,
      { path: '/user' },
    );
    return {
      identity: { id: body.login ?? null, email: body.email ?? null, name: body.name ?? body.login ?? null },
    };
  },
};

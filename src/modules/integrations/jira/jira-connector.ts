import { z } from 'zod';
import type {
  ConnectionView,
  Connector,
  EffectContext,
  HelpdeskActor,
  InboundEvent,
  ParseResult,
} from '../connector.js';
import { genericConnector } from '../generic/generic-connector.js';
import type { HelpdeskResponse } from '../helpdesk-http.js';
import { checkBody, readJsonBody } from '../inbound-body.js';
import { noteMarkerLine, planStandardWriteBack } from '../write-back-plan.js';
import {
  jiraCall as call,
  currentCategory,
  issueTicket,
  jiraCredentialsSchema,
  jiraSettingsSchema,
  mappedLabels,
  plainText,
  settingsOf,
} from './jira-api.js';
import { listJiraPastTickets } from './jira-past-tickets.js';
import { jiraSignatureMatches } from './jira-signature.js';

export { plainText };

// Jira Service Management (Cloud): issues arrive through an admin webhook signed with a secret
// (jira:issue_created, jira:issue_updated with its changelog, comment_created); the category is a
// single-select custom field, the explanation a JSM internal comment. Writes go through the
// Jira REST API v3 and the JSM request comment API. docs/integrations/jira.md.

const userSchema = z
  .object({
    accountId: z.string().max(200).optional(),
    emailAddress: z.string().max(320).optional(),
    displayName: z.string().max(500).optional(),
  })
  .nullish();

/** Jira webhooks carry the description as text; REST v3 as ADF. Either becomes plain text. */
const textSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

// https://developer.atlassian.com/cloud/jira/platform/webhooks/#example-callback-for-an-issue-related-event
const webhookSchema = z.object({
  timestamp: z.number().int(),
  webhookEvent: z.string().min(1).max(100),
  user: userSchema,
  issue: z.object({
    id: z.string().regex(/^\d+$/, 'is not an issue id'),
    key: z.string().max(100).optional(),
    fields: z
      .object({
        summary: z.string().max(1_000).nullish(),
        description: textSchema,
        created: z.string().max(40).nullish(),
        labels: z.array(z.string()).nullish(),
        reporter: userSchema,
        assignee: userSchema,
      })
      .catchall(z.unknown())
      .default({}),
  }),
  changelog: z
    .object({
      id: z.string().max(40).optional(),
      items: z.array(
        z.object({
          field: z.string().max(200).optional(),
          fieldId: z.string().max(200).optional(),
          fromString: z.string().nullish(),
          toString: z.string().nullish(),
        }),
      ),
    })
    .optional(),
  comment: z
    .object({
      id: z.string().max(40),
      body: textSchema,
      author: userSchema,
      jsdPublic: z.boolean().optional(),
    })
    .optional(),
});

type Webhook = z.infer<typeof webhookSchema>;
type JiraUser = z.infer<typeof userSchema>;

function actorOf(connection: ConnectionView, user: JiraUser): HelpdeskActor {
  const id = user?.accountId || null;
  const email = user?.emailAddress || null;
  const own = connection.integrationUser;
  const isIntegration =
    (id !== null && own.id !== null && id === own.id) ||
    (email !== null && own.email !== null && email.toLowerCase() === own.email.toLowerCase());
  return { id, email, name: user?.displayName ?? null, isIntegration };
}

function toEvents(connection: ConnectionView, hook: Webhook, deliveryId: string): InboundEvent[] {
  const { issue } = hook;
  const base = {
    externalId: issue.id,
    actor: actorOf(connection, hook.user ?? hook.comment?.author),
    occurredAt: new Date(hook.timestamp).toISOString(),
  };
  if (hook.webhookEvent === 'jira:issue_created') {
    return [{ ...base, eventId: `jira:${deliveryId}`, type: 'ticket_created', ticket: issueTicket(issue) }];
  }
  if (hook.webhookEvent === 'comment_created' && hook.comment) {
    return [
      {
        ...base,
        eventId: `jira:comment:${hook.comment.id}`,
        type: 'ticket_commented',
        comment: { body: plainText(hook.comment.body), isPublic: hook.comment.jsdPublic ?? true },
      },
    ];
  }
  if (hook.webhookEvent !== 'jira:issue_updated') return [];
  const { categoryFieldId } = settingsOf(connection);
  const events: InboundEvent[] = [];
  const changes: { subject?: string; body?: string } = {};
  for (const item of hook.changelog?.items ?? []) {
    if (categoryFieldId === 'labels' && item.fieldId === 'labels') {
      const category = labelChange(connection, item.fromString, item.toString);
      if (category) events.push({ ...base, eventId: `jira:${deliveryId}:category`, ...category });
    } else if (item.fieldId === categoryFieldId) {
      events.push({
        ...base,
        eventId: `jira:${deliveryId}:category`,
        type: 'category_changed',
        value: item.toString || null,
        previousValue: item.fromString || null,
      });
    } else if (item.fieldId === 'summary') changes.subject = item.toString ?? '';
    else if (item.fieldId === 'description') changes.body = item.toString ?? '';
  }
  if (Object.keys(changes).length > 0) {
    events.unshift({ ...base, eventId: `jira:${deliveryId}:fields`, type: 'ticket_updated', changes });
  }
  return events;
}

const labelsOf = (text: string | null | undefined) => (text ?? '').split(' ').filter((l) => l !== '');

/** With the category in `labels`: a mapped label added is a category change (Jira sends labels space-separated). */
function labelChange(
  connection: ConnectionView,
  from: string | null | undefined,
  to: string | null | undefined,
) {
  const before = labelsOf(from);
  const added = mappedLabels(connection, labelsOf(to)).filter((label) => !before.includes(label));
  if (added.length === 0) return null;
  return {
    type: 'category_changed' as const,
    value: added[0]!,
    previousValue: mappedLabels(connection, before)[0] ?? null,
  };
}

const issuePath = (context: EffectContext) => `/rest/api/3/issue/${encodeURIComponent(context.externalId)}`;
const commentPath = (context: EffectContext) =>
  `/rest/servicedeskapi/request/${encodeURIComponent(context.externalId)}/comment`;

/** Every comment of the request (public and internal), page by page. */
async function commentBodies(context: EffectContext): Promise<string[]> {
  const bodies: string[] = [];
  for (let start = 0; ; ) {
    const answer: HelpdeskResponse<{ values: Array<{ body?: string }>; isLastPage?: boolean }> = await call(
      context,
      { path: `${commentPath(context)}?start=${start}&limit=100` },
    );
    bodies.push(...answer.body.values.map((comment) => comment.body ?? ''));
    if (answer.body.isLastPage !== false || answer.body.values.length === 0) return bodies;
    start += answer.body.values.length;
  }
}

export const jiraConnector: Connector = {
  kind: 'jira_sm',
  displayName: 'Jira Service Management',
  credentialsSchema: jiraCredentialsSchema,
  settingsSchema: jiraSettingsSchema,
  requiresInboundSecret: true,

  verifyInbound(request, connection) {
    if (!connection.inboundSecret)
      return { ok: false, reason: 'The connection has no webhook secret to check with.' };
    const signature = request.headers['x-hub-signature'];
    if (!signature) return { ok: false, reason: 'X-Hub-Signature is missing (is the webhook secret set?).' };
    return jiraSignatureMatches(connection.inboundSecret, request.rawBody, signature)
      ? { ok: true }
      : { ok: false, reason: 'X-Hub-Signature does not match the body.' };
  },

  parseInbound(request, connection): ParseResult {
    const json = readJsonBody(request.rawBody);
    if (!json.ok) return json;
    const parsed = checkBody(webhookSchema, json.data, 'The webhook body');
    if (!parsed.ok) return parsed;
    const hook = parsed.data;
    // Jira retries a delivery with the same identifier; without it, the change names the delivery.
    const deliveryId =
      request.headers['x-atlassian-webhook-identifier'] ??
      `${hook.webhookEvent}:${hook.issue.id}:${hook.changelog?.id ?? hook.comment?.id ?? hook.timestamp}`;
    return { ok: true, deliveryId, events: toEvents(connection, hook, deliveryId) };
  },

  toTicket: (event, connection) => ({ ...genericConnector.toTicket(event, connection), channel: 'jira' }),

  planWriteBack: planStandardWriteBack,

  async inspect(context) {
    const { action, marker } = context.effect;
    if (action.type === 'add_note') {
      return {
        applied: (await commentBodies(context)).some((body) => body.includes(noteMarkerLine(marker))),
      };
    }
    if (action.type !== 'set_category') return { applied: false };
    const { categoryFieldId } = settingsOf(context.connection);
    const answer = await call<{ fields: Record<string, unknown> }>(context, {
      path: `${issuePath(context)}?fields=${categoryFieldId}`,
    });
    const current = currentCategory(context.connection, answer.body.fields[categoryFieldId], categoryFieldId);
    return { applied: current === action.value, categoryValue: current };
  },

  async apply(context) {
    const { action } = context.effect;
    switch (action.type) {
      case 'set_category': {
        const { categoryFieldId } = settingsOf(context.connection);
        if (categoryFieldId === 'labels') {
          // Replace any other mapped label (a category Triage wrote before) with the new one.
          const answer = await call<{ fields: { labels?: string[] } }>(context, {
            path: `${issuePath(context)}?fields=labels`,
          });
          const others = mappedLabels(context.connection, answer.body.fields.labels ?? []).filter(
            (label) => label !== action.value,
          );
          const labels = [{ add: action.value }, ...others.map((label) => ({ remove: label }))];
          await call(context, { path: issuePath(context), method: 'PUT', json: { update: { labels } } });
          return;
        }
        await call(context, {
          path: issuePath(context),
          method: 'PUT',
          json: { fields: { [categoryFieldId]: { value: action.value } } },
        });
        return;
      }
      case 'add_note':
        // A JSM internal comment: `public: false`, seen by agents only.
        await call(context, {
          path: commentPath(context),
          method: 'POST',
          json: { body: action.body, public: false },
        });
        return;
      default:
        // planStandardWriteBack plans only the two above; anything else is a programming error.
        throw new Error(`The Jira connector does not write ${action.type}.`);
    }
  },

  listPastTickets: listJiraPastTickets,

  async testConnection({ connection, http }) {
    const answer = await call<{ accountId: string; emailAddress?: string; displayName?: string }>(
      { connection, http },
      { path: '/rest/api/3/myself' },
    );
    const me = answer.body;
    return { identity: { id: me.accountId, email: me.emailAddress ?? null, name: me.displayName ?? null } };
  },
};

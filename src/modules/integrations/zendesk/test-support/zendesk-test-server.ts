/**
 * A local server for tests that implements the parts of the Zendesk Support API and webhooks that
 * the Zendesk connector uses, with the documented payloads and errors:
 *
 *   GET /api/v2/tickets/{id}.json           https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket
 *   PUT /api/v2/tickets/{id}.json           https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
 *       (tags, additional_tags, remove_tags, custom_fields, group_id, assignee_id, comment with
 *       `public: false` for an internal note, safe_update + updated_stamp → 409 UpdateConflict:
 *       https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#protecting-against-ticket-update-collisions)
 *   GET /api/v2/tickets/{id}/comments.json  https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments
 *   GET /api/v2/tickets/{id}/audits.json    https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#list-audits-for-a-ticket
 *   GET /api/v2/users/{id}.json             https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user
 *   GET /api/v2/users/me.json               https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
 *   GET /api/v2/incremental/tickets/cursor.json  https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
 *       (`start_time` in Unix seconds, then `cursor`; tickets changed at or after start_time, oldest
 *       change first, excluding the last minute's changes; `after_cursor`, `after_url`,
 *       `end_of_stream`; `per_page` up to 1000, 1000 by default)
 *
 * Authentication: an API token as basic auth of `{email}/token:{token}`, or an OAuth access token as
 * `Bearer` (https://developer.zendesk.com/api-reference/introduction/security-and-auth/); failures
 * answer 401 `{"error":"Couldn't authenticate you"}`. Errors carry `error` and `description`
 * (https://developer.zendesk.com/api-reference/introduction/requests/); rate limits answer 429 with
 * `Retry-After` in seconds (https://developer.zendesk.com/api-reference/introduction/rate-limits/).
 *
 * Webhooks come from triggers, as in a Zendesk account where an admin created a webhook and two
 * triggers ("Ticket is Created", "Ticket is Updated") that notify it with a JSON body the admin
 * writes with placeholders (https://support.zendesk.com/hc/en-us/articles/4408886858138); Triage's
 * body is in docs/integrations/zendesk.md. The server renders the body's placeholders for each
 * create and update — by a person through `act` or by a token through the API, so Triage's own
 * writes come back to it like in a real account — and signs it with
 * `X-Zendesk-Webhook-Signature` = base64(HMAC-SHA256(secret, timestamp + body)) and
 * `X-Zendesk-Webhook-Signature-Timestamp` (https://developer.zendesk.com/documentation/webhooks/verifying/).
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../../../platform/clock.js';
import {
  type Core,
  type HelpdeskTestServerCore,
  type JsonReply,
  type Route,
  type RouteRequest,
  recordRoute,
  startHelpdeskTestServer,
} from '../../test-support/helpdesk-test-server.js';
import { zendeskSignature } from '../zendesk-signature.js';
import {
  type AuditEvent,
  type AuditState,
  auditJson,
  type CustomFieldValue,
  commentJson,
  type TicketState,
  ticketJson,
  userJson,
  type ZendeskUser,
  zendeskTime,
} from './zendesk-payloads.js';

export type ZendeskFailure =
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  | { kind: 'rate_limited'; retryAfterSeconds?: number };

export interface ZendeskAccountUser extends ZendeskUser {
  /** An API token of this user (basic auth `{email}/token:{apiToken}`). */
  apiToken?: string;
  /** An OAuth access token of this user (`Bearer`). */
  oauthToken?: string;
}

/**
 * A trigger that notifies the webhook: on "Ticket is Created", or on "Ticket is Updated" (with an
 * optional "<field> Changed" condition), with a JSON body template of `{{placeholders}}`
 * (https://support.zendesk.com/hc/en-us/articles/4408886797466).
 */
export interface ZendeskTrigger {
  on: 'created' | 'updated';
  /**
   * Only when this field changed in the update: `tags`, `group_id`, `subject`, ... or a custom
   * field's id; `comment` stands for the condition "Comment is Present (public or private)".
   */
  fieldChanged?: string;
  body: string;
}

export interface ZendeskWebhookSetup {
  url: string;
  secret: string;
  triggers: ZendeskTrigger[];
}

export interface TicketChange {
  subject?: string;
  tags?: string[];
  additional_tags?: string[];
  remove_tags?: string[];
  custom_fields?: CustomFieldValue[];
  group_id?: number | null;
  assignee_id?: number | null;
  status?: TicketState['status'];
  comment?: { body: string; public?: boolean };
}

export interface ZendeskTestServer extends HelpdeskTestServerCore<ZendeskFailure> {
  subscribe(webhook: ZendeskWebhookSetup): void;
  /** What people do in the agent workspace; each create and update fires the trigger. */
  readonly act: {
    createTicket(by: number, ticket: { subject: string; description: string; tags?: string[] }): TicketState;
    updateTicket(by: number, id: number, change: TicketChange): void;
  };
  ticket(id: number): TicketState;
  /** Sends a webhook body as given, for bad-input tests: signed with `secret` (default: the subscription's). */
  deliverRaw(
    body: string,
    options?: { secret?: string; signature?: string | null; timestamp?: string },
  ): void;
}

export { zendeskSignature };

const error = (status: number, code: string, description?: string): JsonReply => ({
  status,
  body: description === undefined ? { error: code } : { error: code, description },
});
const notFound = () => error(404, 'RecordNotFound', 'Not found');

export async function startZendeskTestServer(
  options: { users?: ZendeskAccountUser[]; webhook?: ZendeskWebhookSetup; clock?: Clock } = {},
): Promise<ZendeskTestServer> {
  const clock = options.clock ?? systemClock;
  const users = new Map((options.users ?? []).map((user) => [user.id, user]));
  const tickets = new Map<number, TicketState>();
  let webhook = options.webhook;
  let nextId = 9000;

  function failureReply(failure: ZendeskFailure): JsonReply {
    const headers: Record<string, string> = {};
    if (failure.retryAfterSeconds !== undefined || failure.kind === 'rate_limited') {
      headers['retry-after'] = String(failure.retryAfterSeconds ?? 60);
    }
    return failure.kind === 'rate_limited'
      ? {
          ...error(429, 'TooManyRequests', 'Rate limit exceeded. Retry after the time in Retry-After.'),
          headers,
        }
      : { ...error(503, 'ServiceUnavailable', 'Zendesk is temporarily unavailable.'), headers };
  }

  function authenticate(request: {
    headers: Record<string, string | string[] | undefined>;
  }): ZendeskAccountUser | null {
    const header = request.headers.authorization;
    if (typeof header !== 'string') return null;
    const [scheme, value = ''] = header.split(' ');
    const all = [...users.values()];
    if (scheme === 'Bearer') return all.find((user) => user.oauthToken === value) ?? null;
    if (scheme !== 'Basic') return null;
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return (
      all.find((user) => user.apiToken !== undefined && decoded === `${user.email}/token:${user.apiToken}`) ??
      null
    );
  }

  function caller(request: RouteRequest): number {
    return (authenticate(request) as ZendeskAccountUser).id;
  }

  function ticketRoute(
    method: string,
    tail: string,
    handle: (ticket: TicketState, request: RouteRequest) => JsonReply,
  ): Route {
    const pattern = new RegExp(`^/api/v2/tickets/(\\d+)${tail}\\.json$`);
    return recordRoute(method, pattern, (id) => tickets.get(id), notFound, handle);
  }

  /** Offset pages as the v2 list endpoints answer them: `next_page`, `previous_page`, `count`. */
  function page(key: string, items: unknown[], request: RouteRequest): JsonReply {
    const perPage = Math.min(100, Math.max(1, Number(request.query.get('per_page') ?? 100) || 100));
    const number = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
    const link = (n: number) => `${core.url}${request.path}?page=${n}&per_page=${perPage}`;
    return {
      status: 200,
      body: {
        [key]: items.slice((number - 1) * perPage, number * perPage),
        next_page: number * perPage < items.length ? link(number + 1) : null,
        previous_page: number > 1 ? link(number - 1) : null,
        count: items.length,
      },
    };
  }

  /**
   * The cursor-based incremental ticket export. The cursor names the last (updated_at, id) handed
   * out, so a resumed export continues after it whatever changed in between.
   */
  function incrementalExport(request: RouteRequest): JsonReply {
    const perPage = Math.min(1000, Math.max(1, Number(request.query.get('per_page') ?? 1000) || 1000));
    const cursor = request.query.get('cursor');
    const startTime = request.query.get('start_time');
    let after: [number, number];
    if (cursor !== null) {
      const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|').map(Number);
      if (!Number.isFinite(at) || !Number.isFinite(id))
        return error(400, 'InvalidCursor', 'The cursor is invalid.');
      after = [at!, id!];
    } else if (startTime !== null && /^\d+$/.test(startTime)) {
      after = [Number(startTime) * 1000 - 1, Number.MAX_SAFE_INTEGER];
    } else {
      return error(400, 'InvalidPaginationParameter', 'start_time or cursor is required.');
    }
    const until = clock.now().getTime() - 60_000;
    const key = (t: TicketState): [number, number] => [Math.floor(t.updatedAt.getTime() / 1000) * 1000, t.id];
    const later = ([a, b]: [number, number], [c, d]: [number, number]) => a > c || (a === c && b > d);
    const due = [...tickets.values()]
      .filter((t) => later(key(t), after) && t.updatedAt.getTime() <= until)
      .sort((x, y) => (later(key(x), key(y)) ? 1 : -1));
    const slice = due.slice(0, perPage);
    const last = slice.at(-1);
    const afterCursor =
      last === undefined ? cursor : Buffer.from(key(last).join('|'), 'utf8').toString('base64url');
    return {
      status: 200,
      body: {
        tickets: slice.map((t) => ticketJson(t, core.url)),
        after_cursor: afterCursor,
        after_url:
          afterCursor === null
            ? null
            : `${core.url}/api/v2/incremental/tickets/cursor.json?cursor=${afterCursor}`,
        before_cursor: null,
        before_url: null,
        end_of_stream: due.length <= perPage,
      },
    };
  }

  /** Applies a change as `by`, records its audit and fires the update trigger; null when nothing changed. */
  function applyChange(
    by: number,
    ticket: TicketState,
    change: TicketChange,
    channel: 'web' | 'api',
  ): AuditState | null {
    const events: AuditEvent[] = [];
    const auditId = nextId++;
    const record = (field: string, previous: unknown, value: unknown) => {
      if (JSON.stringify(previous) !== JSON.stringify(value)) {
        events.push({ id: nextId++, type: 'Change', field_name: field, value, previous_value: previous });
      }
    };
    let tags = change.tags !== undefined ? [...new Set(change.tags)] : [...ticket.tags];
    for (const tag of change.additional_tags ?? []) if (!tags.includes(tag)) tags.push(tag);
    tags = tags.filter((tag) => !(change.remove_tags ?? []).includes(tag));
    record('tags', ticket.tags, tags);
    ticket.tags = tags;
    for (const field of change.custom_fields ?? []) {
      const current = ticket.customFields.find((existing) => existing.id === field.id);
      record(String(field.id), current?.value ?? null, field.value);
      if (current === undefined) ticket.customFields.push({ id: field.id, value: field.value });
      else current.value = field.value;
    }
    if (change.subject !== undefined) record('subject', ticket.subject, change.subject);
    ticket.subject = change.subject ?? ticket.subject;
    if (change.group_id !== undefined) record('group_id', ticket.groupId, change.group_id);
    if (change.assignee_id !== undefined) record('assignee_id', ticket.assigneeId, change.assignee_id);
    if (change.status !== undefined) record('status', ticket.status, change.status);
    ticket.groupId = change.group_id !== undefined ? change.group_id : ticket.groupId;
    ticket.assigneeId = change.assignee_id !== undefined ? change.assignee_id : ticket.assigneeId;
    ticket.status = change.status ?? ticket.status;
    if (change.comment !== undefined) {
      const isPublic = change.comment.public ?? true;
      const commentId = nextId++;
      const createdAt = clock.now();
      ticket.comments.push({
        id: commentId,
        auditId,
        authorId: by,
        body: change.comment.body,
        public: isPublic,
        createdAt,
      });
      events.push({
        id: commentId,
        type: 'Comment',
        body: change.comment.body,
        public: isPublic,
        author_id: by,
      });
    }
    if (events.length === 0) return null;
    ticket.updatedAt = clock.now();
    const audit: AuditState = {
      id: auditId,
      ticketId: ticket.id,
      authorId: by,
      channel,
      createdAt: clock.now(),
      events,
    };
    ticket.audits.push(audit);
    const changed = events.map((event) => (event.type === 'Comment' ? 'comment' : event.field_name));
    fireTriggers('updated', ticket, by, (field) => changed.includes(field));
    return audit;
  }

  function fireTriggers(
    on: ZendeskTrigger['on'],
    ticket: TicketState,
    by: number,
    changed: (field: string) => boolean,
  ): void {
    if (webhook === undefined) return;
    for (const trigger of webhook.triggers) {
      if (trigger.on !== on || (trigger.fieldChanged !== undefined && !changed(trigger.fieldChanged)))
        continue;
      const body = renderPlaceholders(trigger.body, ticket, users.get(by), users);
      const timestamp = zendeskTime(clock.now());
      deliver(body, timestamp, zendeskSignature(webhook.secret, timestamp, body));
    }
  }

  function deliver(body: string, timestamp: string, signature: string | null): void {
    if (webhook === undefined) throw new Error('No webhook: call subscribe(...) first.');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Zendesk Webhook',
      'x-zendesk-account-id': '1',
      'x-zendesk-webhook-id': '01GZZZZZZZZZZZZZZZZZZZZZZZ',
      'x-zendesk-webhook-invocation-id': randomUUID(),
      'x-zendesk-webhook-signature-timestamp': timestamp,
    };
    if (signature !== null) headers['x-zendesk-webhook-signature'] = signature;
    core.sendWebhook(webhook.url, headers, body);
  }

  function updateFromApi(ticket: TicketState, request: RouteRequest): JsonReply {
    const body = request.body as { ticket?: Record<string, unknown> } | undefined;
    const change = body?.ticket;
    if (typeof change !== 'object' || change === null) {
      return error(400, 'InvalidEndpoint', 'The request body must be a JSON object with a "ticket" object.');
    }
    if (change.safe_update === true && change.updated_stamp !== zendeskTime(ticket.updatedAt)) {
      return error(
        409,
        'UpdateConflict',
        'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
      );
    }
    const comment = change.comment as { body?: unknown; public?: unknown } | undefined;
    if (comment !== undefined && (typeof comment.body !== 'string' || comment.body.trim() === '')) {
      return {
        status: 422,
        body: {
          error: 'RecordInvalid',
          description: 'Record validation errors',
          details: { base: [{ description: 'Comment: cannot be blank', error: 'BlankValue' }] },
        },
      };
    }
    const audit = applyChange(caller(request), ticket, change as TicketChange, 'api');
    const auditBody = audit ?? { id: null, ticket_id: ticket.id, events: [] };
    return {
      status: 200,
      body: { ticket: ticketJson(ticket, core.url), audit: audit === null ? auditBody : auditJson(audit) },
    };
  }

  const core: Core<ZendeskFailure> = await startHelpdeskTestServer<ZendeskFailure>({
    failureReply,
    authenticate: (request) =>
      authenticate(request) === null ? error(401, "Couldn't authenticate you") : null,
    notFound: () => error(404, 'InvalidEndpoint', 'Not found'),
    commonHeaders: () => ({ 'x-rate-limit': '700', 'x-rate-limit-remaining': '699' }),
    routes: [
      ticketRoute('GET', '', (ticket) => ({ status: 200, body: { ticket: ticketJson(ticket, core.url) } })),
      ticketRoute('PUT', '', updateFromApi),
      ticketRoute('GET', '/comments', (ticket, request) =>
        page('comments', ticket.comments.map(commentJson), request),
      ),
      ticketRoute('GET', '/audits', (ticket, request) =>
        page('audits', ticket.audits.map(auditJson), request),
      ),
      {
        method: 'GET',
        pattern: /^\/api\/v2\/incremental\/tickets\/cursor\.json$/,
        handle: incrementalExport,
      },
      {
        // https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user
        method: 'GET',
        pattern: /^\/api\/v2\/users\/me\.json$/,
        handle: (request) => ({
          status: 200,
          body: { user: userJson(authenticate(request) as ZendeskAccountUser, core.url, clock.now()) },
        }),
      },
      {
        method: 'GET',
        pattern: /^\/api\/v2\/users\/(\d+)\.json$/,
        handle(request) {
          const user = users.get(Number(request.params[0]));
          return user === undefined
            ? notFound()
            : { status: 200, body: { user: userJson(user, core.url, clock.now()) } };
        },
      },
    ],
  });

  function existing(id: number): TicketState {
    const ticket = tickets.get(id);
    if (ticket === undefined) throw new Error(`No ticket ${id}.`);
    return ticket;
  }

  return {
    ...core,
    subscribe(setup) {
      webhook = setup;
    },
    act: {
      createTicket(by, { subject, description, tags = [] }) {
        const id = tickets.size + 1;
        const now = clock.now();
        const auditId = nextId++;
        const commentId = nextId++;
        const ticket: TicketState = {
          id,
          subject,
          description,
          status: 'new',
          requesterId: by,
          submitterId: by,
          assigneeId: null,
          groupId: null,
          tags: [...tags],
          customFields: [],
          createdAt: now,
          updatedAt: now,
          comments: [
            { id: commentId, auditId, authorId: by, body: description, public: true, createdAt: now },
          ],
          audits: [],
        };
        ticket.audits.push({
          id: auditId,
          ticketId: id,
          authorId: by,
          channel: 'web',
          createdAt: now,
          events: [
            { id: nextId++, type: 'Create', field_name: 'subject', value: subject },
            { id: nextId++, type: 'Create', field_name: 'tags', value: [...tags] },
            { id: commentId, type: 'Comment', body: description, public: true, author_id: by },
          ],
        });
        tickets.set(id, ticket);
        fireTriggers('created', ticket, by, () => true);
        return structuredClone(ticket);
      },
      updateTicket: (by, id, change) => void applyChange(by, existing(id), change, 'web'),
    },
    ticket: (id) => structuredClone(existing(id)),
    deliverRaw(body, raw = {}) {
      const timestamp = raw.timestamp ?? zendeskTime(clock.now());
      const secret = raw.secret ?? webhook?.secret ?? '';
      deliver(
        body,
        timestamp,
        raw.signature === undefined ? zendeskSignature(secret, timestamp, body) : raw.signature,
      );
    },
  };
}

/**
 * Renders the placeholders Triage's trigger bodies use
 * (https://support.zendesk.com/hc/en-us/articles/4408886858138). Values are JSON-escaped, since the
 * placeholders sit inside JSON strings of the body; an unknown placeholder renders empty.
 */
export function renderPlaceholders(
  template: string,
  ticket: TicketState,
  currentUser: ZendeskUser | undefined,
  users: Map<number, ZendeskUser>,
): string {
  const requester = users.get(ticket.requesterId);
  const values: Record<string, string> = {
    'ticket.id': String(ticket.id),
    'ticket.title': ticket.subject,
    'ticket.description': ticket.description,
    'ticket.status': ticket.status,
    'ticket.tags': ticket.tags.join(' '),
    'ticket.created_at_with_timestamp': zendeskTime(ticket.createdAt),
    'ticket.updated_at_with_timestamp': zendeskTime(ticket.updatedAt),
    'ticket.requester.email': requester?.email ?? '',
    'ticket.requester.name': requester?.name ?? '',
    'ticket.assignee.email': users.get(ticket.assigneeId ?? -1)?.email ?? '',
    ...latestCommentValues(ticket, users),
    'current_user.id': currentUser === undefined ? '' : String(currentUser.id),
    'current_user.email': currentUser?.email ?? '',
    'current_user.name': currentUser?.name ?? '',
  };
  for (const field of ticket.customFields)
    values[`ticket.ticket_field_${field.id}`] = String(field.value ?? '');
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) =>
    JSON.stringify(values[name] ?? '').slice(1, -1),
  );
}

/** `{{ticket.latest_comment.*}}`: the ticket's newest comment, public or internal. */
function latestCommentValues(ticket: TicketState, users: Map<number, ZendeskUser>): Record<string, string> {
  const latest = ticket.comments.at(-1);
  if (latest === undefined) return {};
  const author = users.get(latest.authorId);
  return {
    'ticket.latest_comment.id': String(latest.id),
    'ticket.latest_comment.value': latest.body,
    'ticket.latest_comment.is_public': String(latest.public),
    'ticket.latest_comment.author.id': String(latest.authorId),
    'ticket.latest_comment.author.email': author?.email ?? '',
    'ticket.latest_comment.author.name': author?.name ?? '',
  };
}

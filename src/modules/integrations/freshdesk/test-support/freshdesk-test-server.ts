/**
 * A local server for tests that implements the parts of the Freshdesk API v2 and its automation
 * webhooks that the Freshdesk connector uses, with the documented payloads and errors:
 *
 *   GET  /api/v2/tickets/{id}                https://developers.freshdesk.com/api/#view_a_ticket
 *   PUT  /api/v2/tickets/{id}                https://developers.freshdesk.com/api/#update_ticket
 *        (custom_fields, tags — which replace the list —, group_id, responder_id; an unknown field
 *        or a drop-down value not among its choices → 400 "Validation failed")
 *   POST /api/v2/tickets/{id}/notes          https://developers.freshdesk.com/api/#add_note_to_a_ticket (201)
 *   GET  /api/v2/tickets/{id}/conversations  https://developers.freshdesk.com/api/#list_all_ticket_notes
 *        (per_page up to 100, `Link: <...>; rel="next"`: https://developers.freshdesk.com/api/#pagination)
 *   GET  /api/v2/tickets                     https://developers.freshdesk.com/api/#list_all_tickets
 *        (updated_since, order_by, order_type, per_page ≤ 100, page ≤ 300, include=description;
 *        without updated_since only tickets created in the last 30 days)
 *   GET  /api/v2/agents/me                   https://developers.freshdesk.com/api/#me
 *
 * Authentication is basic auth with an agent's API key as user and X as password
 * (https://developers.freshdesk.com/api/#authentication); failures answer 401
 * `{"code":"invalid_credentials","message":"You have to be logged in to perform this action."}`.
 * A missing record answers 404 with no body; validation errors answer 400 with `description` and
 * `errors[{field, message, code}]` (https://developers.freshdesk.com/api/#error). Every answer
 * carries X-RateLimit-Total / -Remaining / -Used-CurrentRequest, and a rate limit answers 429 with
 * Retry-After in seconds (https://developers.freshdesk.com/api/#ratelimit).
 *
 * Webhooks come from automation rules with the action "Trigger webhook", the admin's JSON body of
 * placeholders and a custom header carrying the shared secret
 * (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
 * Freshdesk runs automations in the background after the change is saved, so changes made through
 * the API (Triage's writes) fire their rules only when the test calls `runAutomations()`; changes
 * people make through `act` fire at once.
 */
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
import { htmlToText, textToHtml } from '../freshdesk-html.js';
import { FRESHDESK_SECRET_HEADER, type FreshdeskRuleEvent } from '../freshdesk-webhook-body.js';
import {
  agentMeJson,
  type ConversationState,
  conversationJson,
  type FieldError,
  type FreshdeskPerson,
  freshdeskTime,
  noteJson,
  type TicketState,
  ticketJson,
  validationFailed,
} from './freshdesk-payloads.js';

export type FreshdeskFailure =
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  | { kind: 'rate_limited'; retryAfterSeconds?: number };

/** An automation rule that triggers the webhook with `body` (placeholders rendered). */
export interface FreshdeskRule {
  event: FreshdeskRuleEvent;
  body: string;
}

export interface FreshdeskWebhookSetup {
  url: string;
  /** Sent in the X-Triage-Secret custom header. */
  secret: string;
  rules: FreshdeskRule[];
}

export interface TicketChange {
  customFields?: Record<string, string | null>;
  tags?: string[];
  groupId?: number | null;
  responderId?: number | null;
}

export interface FreshdeskTestServer extends HelpdeskTestServerCore<FreshdeskFailure> {
  subscribe(webhook: FreshdeskWebhookSetup): void;
  /** The choices of the category drop-down (null: any text). */
  setCategoryChoices(choices: string[] | null): void;
  readonly act: {
    createTicket(
      by: number,
      ticket: { subject: string; description: string; tags?: string[]; at?: Date },
    ): TicketState;
    updateTicket(by: number, id: number, change: TicketChange): void;
    addNote(by: number, id: number, text: string): void;
  };
  /** Runs the automations the API's changes queued (Freshdesk runs them in the background). */
  runAutomations(): Promise<void>;
  ticket(id: number): TicketState;
  /** Sends a webhook body as given, with `secret` in the header (null: no header). */
  deliverRaw(body: string, secret?: string | null): void;
}

const unauthorized: JsonReply = {
  status: 401,
  body: { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
};
const notFound = (): JsonReply => ({ status: 404 });

const RATE_LIMIT_TOTAL = 700;
const MAX_PAGE = 300;

export async function startFreshdeskTestServer(options: {
  agents: FreshdeskPerson[];
  contacts: FreshdeskPerson[];
  categoryField: string;
  clock?: Clock;
}): Promise<FreshdeskTestServer> {
  const clock = options.clock ?? systemClock;
  const people = new Map([...options.agents, ...options.contacts].map((p) => [p.id, p]));
  const tickets = new Map<number, TicketState>();
  const queued: Array<() => void> = [];
  let webhook: FreshdeskWebhookSetup | undefined;
  let categoryChoices: string[] | null = null;
  let nextId = 1000;
  let used = 0;

  function failureReply(failure: FreshdeskFailure): JsonReply {
    const retryAfter = String(failure.retryAfterSeconds ?? 60);
    if (failure.kind === 'rate_limited') {
      return {
        status: 429,
        headers: { 'retry-after': retryAfter, 'x-ratelimit-remaining': '0' },
        body: { message: 'You have exceeded the limit of requests per minute' },
      };
    }
    return {
      status: 503,
      headers: failure.retryAfterSeconds === undefined ? {} : { 'retry-after': retryAfter },
      body: { message: 'Service Unavailable' },
    };
  }

  function agentOf(request: {
    headers: Record<string, string | string[] | undefined>;
  }): FreshdeskPerson | null {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Basic ')) return null;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return options.agents.find((a) => a.apiKey !== undefined && decoded === `${a.apiKey}:X`) ?? null;
  }

  function ticketRoute(
    method: string,
    tail: string,
    handle: (ticket: TicketState, request: RouteRequest) => JsonReply,
  ): Route {
    return recordRoute(
      method,
      new RegExp(`^/api/v2/tickets/(\\d+)${tail}$`),
      (id) => tickets.get(id),
      notFound,
      handle,
    );
  }

  /** Renders the placeholders of Triage's rule bodies, JSON-escaped since they sit in JSON strings. */
  function render(template: string, ticket: TicketState, triggeredEvent: string): string {
    const latestPrivate = ticket.conversations.filter((c) => c.private).at(-1);
    const values: Record<string, string> = {
      triggered_event: triggeredEvent,
      'ticket.id': String(ticket.id),
      'ticket.subject': ticket.subject,
      'ticket.description': ticket.description,
      'ticket.status': ({ 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' } as const)[ticket.status],
      'ticket.tags': ticket.tags.join(', '),
      'ticket.requester.email': people.get(ticket.requesterId)?.email ?? '',
      'ticket.agent.email': ticket.responderId === null ? '' : (people.get(ticket.responderId)?.email ?? ''),
      'ticket.updated_at': freshdeskTime(ticket.updatedAt),
      'ticket.latest_private_comment': latestPrivate?.bodyText ?? '',
    };
    for (const [field, value] of Object.entries(ticket.customFields))
      values[`ticket.${field}`] = String(value ?? '');
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) =>
      JSON.stringify(values[name] ?? '').slice(1, -1),
    );
  }

  function fire(
    event: FreshdeskRuleEvent,
    ticket: TicketState,
    triggeredEvent: string,
    background: boolean,
  ): void {
    if (webhook === undefined) return;
    const setup = webhook;
    for (const rule of setup.rules.filter((r) => r.event === event)) {
      const body = render(rule.body, ticket, triggeredEvent);
      const send = () => deliver(setup, body, setup.secret);
      if (background) queued.push(send);
      else send();
    }
  }

  function deliver(setup: FreshdeskWebhookSetup, body: string, secret: string | null): void {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Freshdesk' };
    if (secret !== null) headers[FRESHDESK_SECRET_HEADER.toLowerCase()] = secret;
    core.sendWebhook(setup.url, headers, body);
  }

  function validate(change: Record<string, unknown>): FieldError[] {
    const errors: FieldError[] = [];
    const known = ['custom_fields', 'tags', 'group_id', 'responder_id', 'status', 'priority', 'subject'];
    for (const key of Object.keys(change)) {
      if (!known.includes(key))
        errors.push({ field: key, message: 'Unexpected/invalid field in request', code: 'invalid_field' });
    }
    const fields = change.custom_fields;
    if (fields !== undefined) {
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        errors.push({
          field: 'custom_fields',
          message: 'It should be a/an key/value pair',
          code: 'datatype_mismatch',
        });
      } else {
        for (const [name, value] of Object.entries(fields)) {
          if (name !== options.categoryField) {
            errors.push({
              field: name,
              message: 'Unexpected/invalid field in request',
              code: 'invalid_field',
            });
          } else if (value !== null && categoryChoices !== null && !categoryChoices.includes(String(value))) {
            errors.push({
              field: name,
              message: `It should be one of these values: '${categoryChoices.join(',')}'`,
              code: 'invalid_value',
            });
          }
        }
      }
    }
    if (
      change.tags !== undefined &&
      (!Array.isArray(change.tags) || change.tags.some((t) => typeof t !== 'string'))
    ) {
      errors.push({ field: 'tags', message: 'It should be a/an Array', code: 'datatype_mismatch' });
    }
    for (const key of ['group_id', 'responder_id']) {
      const value = change[key];
      if (value !== undefined && value !== null && !Number.isInteger(value)) {
        errors.push({ field: key, message: 'It should be a/an Positive Integer', code: 'datatype_mismatch' });
      }
    }
    return errors;
  }

  /** Applies a change, stamps the ticket and fires the update rules it matches. */
  function applyChange(ticket: TicketState, change: TicketChange, background: boolean): void {
    const triggered: Array<[FreshdeskRuleEvent, string]> = [];
    let changed = false;
    for (const [name, value] of Object.entries(change.customFields ?? {})) {
      const before = ticket.customFields[name] ?? null;
      if (before === value) continue;
      ticket.customFields[name] = value;
      changed = true;
      if (name === options.categoryField)
        triggered.push(['category_changed', `{${name}:{from:${before ?? ''},to:${value ?? ''}}}`]);
    }
    if (change.tags !== undefined && JSON.stringify(change.tags) !== JSON.stringify(ticket.tags)) {
      ticket.tags = [...new Set(change.tags)];
      changed = true;
    }
    if (change.groupId !== undefined && change.groupId !== ticket.groupId) {
      ticket.groupId = change.groupId;
      changed = true;
    }
    if (change.responderId !== undefined && change.responderId !== ticket.responderId) {
      triggered.push([
        'agent_changed',
        `{responder_id:{from:${ticket.responderId ?? ''},to:${change.responderId ?? ''}}}`,
      ]);
      ticket.responderId = change.responderId;
      changed = true;
    }
    if (!changed) return;
    ticket.updatedAt = clock.now();
    for (const [event, triggeredEvent] of triggered) fire(event, ticket, triggeredEvent, background);
  }

  function addNote(ticket: TicketState, by: number, html: string, background: boolean): ConversationState {
    const note: ConversationState = {
      id: nextId++,
      body: html,
      bodyText: htmlToText(html),
      private: true,
      incoming: false,
      userId: by,
      createdAt: clock.now(),
    };
    ticket.conversations.push(note);
    ticket.updatedAt = clock.now();
    fire('note_added', ticket, '{note_type:private}', background);
    return note;
  }

  function pageOf(
    request: RouteRequest,
    defaultPerPage: number,
  ): { page: number; perPage: number } | FieldError[] {
    const perPage = Number(request.query.get('per_page') ?? defaultPerPage);
    const page = Number(request.query.get('page') ?? 1);
    const errors: FieldError[] = [];
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      errors.push({
        field: 'per_page',
        message: 'It should be a Positive Integer less than or equal to 100',
        code: 'invalid_value',
      });
    }
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) {
      errors.push({
        field: 'page',
        message: `It should be a Positive Integer less than or equal to ${MAX_PAGE}`,
        code: 'invalid_value',
      });
    }
    return errors.length > 0 ? errors : { page, perPage };
  }

  function paged(request: RouteRequest, items: unknown[], defaultPerPage: number): JsonReply {
    const paging = pageOf(request, defaultPerPage);
    if (Array.isArray(paging)) return validationFailed(paging);
    const { page, perPage } = paging;
    const headers: Record<string, string> = {};
    if (page * perPage < items.length) {
      const next = new URLSearchParams(request.query);
      next.set('page', String(page + 1));
      next.set('per_page', String(perPage));
      headers.link = `<${core.url}${request.path}?${next}>; rel="next"`;
    }
    return { status: 200, headers, body: items.slice((page - 1) * perPage, page * perPage) };
  }

  function listTickets(request: RouteRequest): JsonReply {
    const since = request.query.get('updated_since');
    const sinceTime = since === null ? null : Date.parse(since);
    const orderBy = request.query.get('order_by') ?? 'created_at';
    const orderType = request.query.get('order_type') ?? 'desc';
    const include = request.query.get('include');
    const errors: FieldError[] = [];
    if (sinceTime !== null && Number.isNaN(sinceTime)) {
      errors.push({
        field: 'updated_since',
        message: "It should be in the 'valid date time' format",
        code: 'invalid_value',
      });
    }
    if (!['created_at', 'due_by', 'updated_at', 'status'].includes(orderBy)) {
      errors.push({
        field: 'order_by',
        message: "It should be one of these values: 'created_at,due_by,updated_at,status'",
        code: 'invalid_value',
      });
    }
    if (!['asc', 'desc'].includes(orderType)) {
      errors.push({
        field: 'order_type',
        message: "It should be one of these values: 'asc,desc'",
        code: 'invalid_value',
      });
    }
    if (
      include !== null &&
      !include.split(',').every((i) => ['description', 'requester', 'stats'].includes(i))
    ) {
      errors.push({
        field: 'include',
        message: "It should be one of these values: 'requester,stats,description'",
        code: 'invalid_value',
      });
    }
    if (errors.length > 0) return validationFailed(errors);
    const thirtyDaysAgo = clock.now().getTime() - 30 * 86_400_000;
    const key = (t: TicketState) =>
      orderBy === 'updated_at'
        ? t.updatedAt.getTime()
        : orderBy === 'status'
          ? t.status
          : t.createdAt.getTime();
    const chosen = [...tickets.values()]
      .filter((t) =>
        sinceTime === null ? t.createdAt.getTime() >= thirtyDaysAgo : t.updatedAt.getTime() >= sinceTime,
      )
      .sort((a, b) => (key(a) - key(b) || a.id - b.id) * (orderType === 'asc' ? 1 : -1));
    const withDescription = include?.split(',').includes('description') ?? false;
    return paged(
      request,
      chosen.map((t) => ticketJson(t, withDescription)),
      30,
    );
  }

  const core: Core<FreshdeskFailure> = await startHelpdeskTestServer<FreshdeskFailure>({
    failureReply,
    authenticate: (request) => (agentOf(request) === null ? unauthorized : null),
    notFound,
    commonHeaders: () => {
      used++;
      return {
        'x-ratelimit-total': String(RATE_LIMIT_TOTAL),
        'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT_TOTAL - used)),
        'x-ratelimit-used-currentrequest': '1',
      };
    },
    routes: [
      { method: 'GET', pattern: /^\/api\/v2\/tickets$/, handle: listTickets },
      ticketRoute('GET', '', (ticket) => ({ status: 200, body: ticketJson(ticket) })),
      ticketRoute('PUT', '', (ticket, request) => {
        const change = request.body;
        if (typeof change !== 'object' || change === null || Array.isArray(change)) {
          return validationFailed([
            { field: 'body', message: 'It should be a/an key/value pair', code: 'datatype_mismatch' },
          ]);
        }
        const body = change as Record<string, unknown>;
        const errors = validate(body);
        if (errors.length > 0) return validationFailed(errors);
        applyChange(
          ticket,
          {
            ...(body.custom_fields === undefined
              ? {}
              : { customFields: body.custom_fields as Record<string, string | null> }),
            ...(body.tags === undefined ? {} : { tags: body.tags as string[] }),
            ...(body.group_id === undefined ? {} : { groupId: body.group_id as number | null }),
            ...(body.responder_id === undefined ? {} : { responderId: body.responder_id as number | null }),
          },
          true,
        );
        return { status: 200, body: ticketJson(ticket) };
      }),
      ticketRoute('POST', '/notes', (ticket, request) => {
        const body = (request.body ?? {}) as { body?: unknown; private?: unknown };
        const errors: FieldError[] = [];
        if (typeof body.body !== 'string' || body.body.trim() === '') {
          errors.push({ field: 'body', message: 'It should be a/an String', code: 'missing_field' });
        }
        if (body.private !== undefined && typeof body.private !== 'boolean') {
          errors.push({ field: 'private', message: 'It should be a/an Boolean', code: 'datatype_mismatch' });
        }
        if (errors.length > 0) return validationFailed(errors);
        const note = addNote(ticket, (agentOf(request) as FreshdeskPerson).id, body.body as string, true);
        note.private = body.private !== false;
        return { status: 201, body: noteJson(note, ticket.id) };
      }),
      ticketRoute('GET', '/conversations', (ticket, request) =>
        paged(
          request,
          ticket.conversations.map((c) => conversationJson(c, ticket.id)),
          30,
        ),
      ),
      {
        method: 'GET',
        pattern: /^\/api\/v2\/agents\/me$/,
        handle: (request) => ({
          status: 200,
          body: agentMeJson(agentOf(request) as FreshdeskPerson, clock.now()),
        }),
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
    setCategoryChoices(choices) {
      categoryChoices = choices;
    },
    act: {
      createTicket(by, { subject, description, tags = [], at }) {
        const id = tickets.size + 1;
        const now = at ?? clock.now();
        const ticket: TicketState = {
          id,
          subject,
          description: textToHtml(description),
          descriptionText: description,
          status: 2,
          priority: 1,
          requesterId: by,
          responderId: null,
          groupId: null,
          tags: [...tags],
          customFields: { [options.categoryField]: null },
          createdAt: now,
          updatedAt: now,
          conversations: [],
        };
        tickets.set(id, ticket);
        fire('ticket_created', ticket, '{ticket_action:created}', false);
        return structuredClone(ticket);
      },
      updateTicket: (_by, id, change) => applyChange(existing(id), change, false),
      addNote: (by, id, text) => void addNote(existing(id), by, textToHtml(text), false),
    },
    async runAutomations() {
      for (const send of queued.splice(0)) send();
      await core.settle();
    },
    ticket: (id) => structuredClone(existing(id)),
    deliverRaw(body, secret) {
      if (webhook === undefined) throw new Error('No webhook: call subscribe(...) first.');
      deliver(webhook, body, secret === undefined ? webhook.secret : secret);
    },
  };
}

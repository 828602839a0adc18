import { randomUUID } from 'node:crypto';
import {
  type FakeAnswer,
  type FakeHelpdeskServer,
  type FakeRequest,
  startFakeHelpdeskServer,
} from '../../test-support/fake-helpdesk-server.js';
import { genericSignature } from '../generic-signature.js';

// A helpdesk that implements the generic REST API of docs/integrations/generic.md, in memory.
// It deliberately ignores Idempotency-Key and appends every note and tag it is sent, so a
// test sees any double write: effectively-once must come from Triage's marker checks.

export interface GenericTicket {
  id: string;
  subject: string;
  category: string | null;
  tags: string[];
  group: string | null;
  assignee: string | null;
  notes: { id: string; body: string }[];
  /** For backfill (GET /tickets): the ticket's text, when it was created and who last set its category. */
  body?: string;
  createdAt?: string;
  categorySetBy?: { id?: string; email?: string } | null;
}

export interface GenericHelpdesk {
  server: FakeHelpdeskServer;
  url: string;
  token: string;
  tickets: Map<string, GenericTicket>;
  /** Every successful write, in the order the helpdesk applied them. */
  writes: { ticketId: string; what: string }[];
  /** Adds a ticket as it would stand after its history: created then, its category set by someone. */
  addPastTicket(
    id: string,
    createdAt: string,
    category: string | null,
    categorySetBy: { id?: string; email?: string } | null,
  ): void;
  close(): Promise<void>;
}

export const GENERIC_INTEGRATION_USER = { id: 'triage-bot', email: 'triage-bot@helpdesk.test' };

export async function startGenericHelpdesk(token = 'generic-test-token'): Promise<GenericHelpdesk> {
  const tickets = new Map<string, GenericTicket>();
  const writes: { ticketId: string; what: string }[] = [];
  const authorised = (req: FakeRequest) => req.headers.authorization === `Bearer ${token}`;
  const unauthorised = { status: 401, body: { error: 'unauthorized' } };
  /** Answers 401 without the token and 404 for an unknown ticket; else runs `fn`. */
  const onTicket =
    (fn: (ticket: GenericTicket, req: FakeRequest) => FakeAnswer) =>
    (req: FakeRequest, params: Record<string, string>): FakeAnswer => {
      if (!authorised(req)) return unauthorised;
      const ticket = tickets.get(params.id!);
      return ticket ? fn(ticket, req) : { status: 404, body: { error: 'not_found' } };
    };
  const server = await startFakeHelpdeskServer([
    {
      method: 'GET',
      path: '/me',
      handle: (req) =>
        authorised(req)
          ? { status: 200, body: { ...GENERIC_INTEGRATION_USER, name: 'Triage' } }
          : unauthorised,
    },
    {
      // Backfill (docs/integrations/generic.md): created at or after `since`, oldest first; the
      // cursor is the offset into that order.
      method: 'GET',
      path: '/tickets',
      handle(req) {
        if (!authorised(req)) return unauthorised;
        const since = Date.parse(req.query.get('since') ?? '');
        if (Number.isNaN(since)) return { status: 400, body: { error: 'since is required' } };
        const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 50) || 50));
        const offset = Number(req.query.get('cursor') ?? 0) || 0;
        const due = [...tickets.values()]
          .filter((t) => Date.parse(t.createdAt ?? '1970-01-01T00:00:00Z') >= since)
          .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
        const page = due.slice(offset, offset + limit).map((t) => ({
          id: t.id,
          subject: t.subject,
          body: t.body ?? '',
          createdAt: t.createdAt,
          category: t.category,
          categorySetBy: t.categorySetBy ?? null,
          tags: t.tags,
        }));
        const next = offset + limit < due.length ? String(offset + limit) : null;
        return { status: 200, body: { tickets: page, nextCursor: next, total: due.length } };
      },
    },
    {
      method: 'GET',
      path: '/tickets/:id',
      handle: onTicket((ticket) => ({ status: 200, body: ticket })),
    },
    {
      method: 'PATCH',
      path: '/tickets/:id',
      handle: onTicket((ticket, req) => {
        const body = req.body as Partial<GenericTicket>;
        for (const field of ['category', 'group', 'assignee'] as const) {
          if (body && field in body) {
            ticket[field] = (body[field] as string | null) ?? null;
            writes.push({ ticketId: ticket.id, what: `${field}=${ticket[field]}` });
          }
        }
        return { status: 200, body: ticket };
      }),
    },
    {
      method: 'POST',
      path: '/tickets/:id/tags',
      handle: onTicket((ticket, req) => {
        const tags = (req.body as { tags?: string[] })?.tags ?? [];
        ticket.tags.push(...tags);
        writes.push({ ticketId: ticket.id, what: `tags+${tags.join(',')}` });
        return { status: 200, body: ticket };
      }),
    },
    {
      method: 'POST',
      path: '/tickets/:id/notes',
      handle: onTicket((ticket, req) => {
        const note = { id: randomUUID(), body: String((req.body as { body?: string })?.body ?? '') };
        ticket.notes.push(note);
        writes.push({ ticketId: ticket.id, what: 'note' });
        return { status: 201, body: note };
      }),
    },
  ]);
  return {
    server,
    url: server.url,
    token,
    tickets,
    writes,
    addPastTicket(id, createdAt, category, categorySetBy) {
      tickets.set(id, {
        id,
        subject: `Subject ${id}`,
        body: `Body ${id}`,
        createdAt,
        category,
        categorySetBy,
        tags: [],
        group: null,
        assignee: null,
        notes: [],
      });
    },
    close: () => server.close(),
  };
}

/** Headers of a generic delivery signed with `secret` at `at`. */
export function signedGenericHeaders(secret: string, rawBody: string, at: Date, deliveryId?: string) {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'x-triage-timestamp': String(timestamp),
    'x-triage-signature': genericSignature(secret, timestamp, rawBody),
    ...(deliveryId ? { 'x-triage-delivery': deliveryId } : {}),
  };
}

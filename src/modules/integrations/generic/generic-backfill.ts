import { z } from 'zod';
import type { PastTicketsPage, PastTicketsRequest } from '../connector.js';
import { actorOf, auth, externalTicketOf } from './generic-connector.js';
import { genericPersonSchema, genericTicketSchema } from './generic-payload.js';

// Backfill from a generic helpdesk (docs/integrations/generic.md, "Backfill"):
// `GET {baseUrl}/tickets?since=<ISO 8601>&limit=<n>[&cursor=<opaque>]` answers a page of tickets
// created at or after `since`, oldest first, with `nextCursor` (null on the last page) and an
// optional `total`. Who last set the category is `categorySetBy`; `setByTriage` lets a helpdesk
// that keeps its own record say so directly.

const pastTicketsPageSchema = z.object({
  tickets: z.array(
    genericTicketSchema.extend({
      categorySetBy: genericPersonSchema.nullish(),
      setByTriage: z.boolean().default(false),
    }),
  ),
  nextCursor: z.string().min(1).max(2_000).nullable(),
  total: z.number().int().min(0).nullish(),
});

export async function listGenericPastTickets(request: PastTicketsRequest): Promise<PastTicketsPage> {
  const query = new URLSearchParams({ since: request.since.toISOString(), limit: String(request.pageSize) });
  if (request.cursor !== null) query.set('cursor', request.cursor);
  const { body } = await request.http.request({
    path: `/tickets?${query}`,
    headers: auth(request.connection),
  });
  const page = pastTicketsPageSchema.parse(body);
  return {
    tickets: page.tickets.map((t) => ({
      ticket: externalTicketOf(t),
      categoryValue: t.category ?? null,
      categorySetBy: t.categorySetBy ? actorOf(request.connection, t.categorySetBy) : null,
      setByTriage: t.setByTriage,
    })),
    nextCursor: page.nextCursor,
    total: page.total ?? null,
  };
}

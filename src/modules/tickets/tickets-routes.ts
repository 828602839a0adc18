import { z } from 'zod';
import { notFound } from '../../platform/errors/app-error.js';
import { ticketLabelSchema, ticketLabels } from '../learning/index.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { receiveTicket, type TicketDeps } from './receive-ticket.js';
import { addTicketActivity, updateTicket } from './ticket-activity.js';
import { getTicketView, listTickets, ticketHistory } from './ticket-read-model.js';
import {
  historyEntrySchema,
  newTicketSchema,
  ticketActivitySchema,
  ticketListQuerySchema,
  ticketUpdateSchema,
  ticketViewSchema,
} from './ticket-schemas.js';

const tags = ['tickets'];

export function ticketsRoutes(app: RouteApp, deps: TicketDeps) {
  const view = async (workspaceId: string, id: string) => {
    const ticket = await getTicketView(deps.db, workspaceId, id);
    if (!ticket) throw notFound('Ticket', id);
    return ticket;
  };

  app.post(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets:write' },
      schema: {
        tags,
        summary:
          'Receive a ticket (idempotent on source + externalId); returns it with its prediction and decision',
        body: newTicketSchema,
        response: { 200: ticketViewSchema, 201: ticketViewSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const { ticketId, created } = await receiveTicket(deps, ctx, req.body);
      return reply.status(created ? 201 : 200).send(await view(ctx.workspaceId, ticketId));
    },
  );

  app.get(
    '/api/v1/tickets',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'List tickets, newest first, with filters and cursor paging',
        querystring: ticketListQuerySchema,
        response: {
          200: z.object({ items: z.array(ticketViewSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => listTickets(deps.db, contextOf(req).workspaceId, req.query),
  );

  app.get(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'Get a ticket with its prediction, decision, labels and history',
        params: uuidParam,
        response: {
          200: ticketViewSchema.extend({
            labels: z.array(ticketLabelSchema),
            history: z.array(historyEntrySchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { workspaceId } = contextOf(req);
      const ticket = await view(workspaceId, req.params.id);
      return {
        ...ticket,
        labels: await ticketLabels(deps.db, workspaceId, ticket.id),
        history: await ticketHistory(deps.db, workspaceId, ticket.id),
      };
    },
  );

  app.patch(
    '/api/v1/tickets/:id',
    {
      config: { permission: 'tickets:write' },
      schema: {
        tags,
        summary: 'Update subject, body, assignee or custom fields (idempotent on source + eventId)',
        params: uuidParam,
        body: ticketUpdateSchema,
        response: { 200: ticketViewSchema.extend({ applied: z.boolean() }), ...errorResponses },
      },
    },
    async (req) => {
      const ctx = contextOf(req);
      const { eventId, source, ...changes } = req.body;
      const { applied } = await updateTicket(deps, ctx, req.params.id, { eventId, source }, changes);
      return { ...(await view(ctx.workspaceId, req.params.id)), applied };
    },
  );

  app.post(
    '/api/v1/tickets/:id/activities',
    {
      config: { permission: 'tickets:write' },
      schema: {
        tags,
        summary: 'Add a comment or event to a ticket (idempotent on source + eventId)',
        params: uuidParam,
        body: ticketActivitySchema,
        response: {
          200: z.object({ applied: z.boolean() }),
          201: z.object({ applied: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const result = await addTicketActivity(deps, contextOf(req), req.params.id, req.body);
      return reply.status(result.applied ? 201 : 200).send(result);
    },
  );
}

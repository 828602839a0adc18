import { z } from 'zod';
import { notFound } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { getEscalation, listEscalations } from './escalations-read-model.js';
import { type EscalationDeps, resolveEscalation } from './resolve-escalation.js';

const tags = ['escalations'];

const escalationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['overdue_review', 'dead_letter']),
    status: z.enum(['open', 'resolved']),
    level: z.union([z.literal(1), z.literal(2)]).describe('1: the queue owner; 2: the fallback owner'),
    summary: z.string().describe('What is escalated, in one line'),
    owner: z.object({ id: z.string(), name: z.string() }).nullable().describe('Who must act now'),
    ownerReason: z.string().describe('Why this person, e.g. "owner of queue Billing"'),
    queue: z.object({ id: z.string(), name: z.string() }),
    ticket: z
      .object({ id: z.string(), subject: z.string(), source: z.string(), externalId: z.string() })
      .nullable(),
    reviewItem: z.object({ id: z.string(), status: z.string(), dueAt: z.date() }).nullable(),
    effect: z
      .object({
        id: z.string(),
        kind: z.string(),
        status: z.string(),
        attempts: z.number(),
        lastError: z.string().nullable(),
      })
      .nullable(),
    since: z.date().describe("Overdue since (the review's deadline) or failing since (the dead letter)"),
    overdueMinutes: z.number(),
    openedAt: z.date(),
    dueAt: z.date().describe("The current owner's deadline; at level 1, when it goes to the fallback owner"),
    raisedToFallbackAt: z.date().nullable(),
    notNotifiedReason: z.string().nullable(),
    resolvedAt: z.date().nullable(),
    resolvedByName: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    canResolve: z.boolean(),
  })
  .describe('Escalation');

export function escalationsRoutes(app: RouteApp, deps: EscalationDeps) {
  app.get(
    '/api/v1/escalations',
    {
      config: { permission: 'escalations:read' },
      schema: {
        tags,
        summary: 'Escalations with their owner: open ones longest overdue first, or resolved ones',
        querystring: z.strictObject({
          status: z.enum(['open', 'resolved']).default('open'),
          mine: z.enum(['true', 'false']).default('false').describe('Only those the caller owns now'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(escalationSchema),
            counts: z.object({ open: z.number(), resolved: z.number(), mineOpen: z.number() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      listEscalations(
        deps.db,
        contextOf(req),
        { status: req.query.status, mine: req.query.mine === 'true', limit: req.query.limit },
        deps.clock.now(),
      ),
  );

  app.get(
    '/api/v1/escalations/:id',
    {
      config: { permission: 'escalations:read' },
      schema: {
        tags,
        summary: 'One escalation',
        params: uuidParam,
        response: { 200: escalationSchema, ...errorResponses },
      },
    },
    async (req) => {
      const escalation = await getEscalation(deps.db, contextOf(req), req.params.id, deps.clock.now());
      if (!escalation) throw notFound('Escalation', req.params.id);
      return escalation;
    },
  );

  app.post(
    '/api/v1/escalations/:id/resolve',
    {
      // Every role may resolve review items; resolveEscalation narrows it to the escalation's
      // owner, the queue's owners and admins.
      config: { permission: 'review:resolve' },
      schema: {
        tags,
        summary: 'Close an escalation, saying what was done (its owner, the queue owners, or an admin)',
        params: uuidParam,
        body: z.strictObject({ note: z.string().trim().min(1).max(2000) }),
        response: { 200: escalationSchema, ...errorResponses },
      },
    },
    async (req) => resolveEscalation(deps, contextOf(req), req.params.id, req.body.note),
  );
}

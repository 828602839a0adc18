import { z } from 'zod';
import { notFound } from '../errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../http/route-kit.js';
import { attemptOutcomes, effectStatuses } from './effect.js';
import { getEffect, listEffects } from './outbox-read-model.js';
import { type OutboxDeps, replayDeadLetter } from './replay-dead-letter.js';

const tags = ['outbox'];

const effectSummarySchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    orderingKey: z.string(),
    idempotencyKey: z.string(),
    status: z.enum(effectStatuses),
    attempts: z.number(),
    maxAttempts: z.number(),
    nextAttemptAt: z.date(),
    lastError: z.string().nullable(),
    lockedBy: z.string().nullable(),
    lockedUntil: z.date().nullable(),
    createdAt: z.date(),
    deliveredAt: z.date().nullable(),
  })
  .describe('OutboxEffect');

const effectDetailSchema = effectSummarySchema
  .extend({
    payload: z.record(z.string(), z.unknown()),
    attemptHistory: z.array(
      z.object({
        attempt: z.number(),
        workerId: z.string(),
        startedAt: z.date(),
        finishedAt: z.date().nullable(),
        outcome: z.enum(attemptOutcomes).nullable(),
        httpStatus: z.number().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().nullable(),
      }),
    ),
  })
  .describe('OutboxEffectDetail');

export function outboxRoutes(app: RouteApp, deps: OutboxDeps) {
  const defaultMaxAttempts = deps.outboxPolicy.defaultMaxAttempts;

  app.get(
    '/api/v1/outbox',
    {
      config: { permission: 'ops:read' },
      schema: {
        tags,
        summary: 'Side effects on other systems (notifications, write-backs), newest first',
        querystring: z.strictObject({
          status: z.enum(effectStatuses).optional(),
          kind: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(effectSummarySchema),
            counts: z.record(z.enum(effectStatuses), z.number()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listEffects(deps.db, contextOf(req).workspaceId, { ...req.query, defaultMaxAttempts }),
  );

  app.get(
    '/api/v1/outbox/:id',
    {
      config: { permission: 'ops:read' },
      schema: {
        tags,
        summary: 'One effect with its payload and every delivery attempt',
        params: uuidParam,
        response: { 200: effectDetailSchema, ...errorResponses },
      },
    },
    async (req) => {
      const effect = await getEffect(deps.db, contextOf(req).workspaceId, req.params.id, defaultMaxAttempts);
      if (!effect) throw notFound('Outbox effect', req.params.id);
      return effect;
    },
  );

  app.post(
    '/api/v1/outbox/:id/replay',
    {
      config: { permission: 'ops:write' },
      schema: {
        tags,
        summary: 'Deliver a dead letter again, with a fresh set of attempts',
        params: uuidParam,
        response: { 200: effectDetailSchema, ...errorResponses },
      },
    },
    async (req) => replayDeadLetter(deps, contextOf(req), req.params.id),
  );
}

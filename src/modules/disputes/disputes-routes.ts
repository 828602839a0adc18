import type { FastifyRequest } from 'fastify';
import {
  contextOf,
  errorResponses,
  principalOf,
  type RouteApp,
  uuidParam,
} from '../../platform/http/route-kit.js';
import { labelLearningSchema } from '../learning/index.js';
import { getDispute, listDisputes } from './dispute-read-model.js';
import {
  disputeListQuerySchema,
  disputeListSchema,
  disputeViewSchema,
  raiseDisputeSchema,
  ruleDisputeSchema,
} from './dispute-schemas.js';
import {
  type DisputeCaller,
  type DisputeDeps,
  raiseDispute,
  ruleDispute,
  withdrawDispute,
} from './dispute-service.js';

const tags = ['disputes'];

function callerOf(req: FastifyRequest): DisputeCaller {
  return { ...contextOf(req), canRuleUnowned: principalOf(req).permissions.has('disputes:rule') };
}

// Reading disputes needs only what reading tickets needs: anyone who sees a decision sees its
// disputes. Ruling declares 'disputes:raise' because a category's owner may hold any role;
// ruleDispute itself checks that the caller owns the category, or holds 'disputes:rule' where
// no owner can rule.
export function disputesRoutes(app: RouteApp, deps: DisputeDeps) {
  app.post(
    '/api/v1/tickets/:id/disputes',
    {
      config: { permission: 'disputes:raise' },
      schema: {
        tags,
        summary: "Dispute the ticket's current category (set by the AI or a person), with a reason",
        params: uuidParam,
        body: raiseDisputeSchema,
        response: { 201: disputeViewSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await raiseDispute(deps, callerOf(req), req.params.id, req.body)),
  );

  app.get(
    '/api/v1/disputes',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'Disputes to rule on, raised by me, about my decisions, or all; with their outcomes',
        querystring: disputeListQuerySchema,
        response: { 200: disputeListSchema, ...errorResponses },
      },
    },
    async (req) => listDisputes(deps.db, callerOf(req), req.query),
  );

  app.get(
    '/api/v1/disputes/:id',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'One dispute with its ruling',
        params: uuidParam,
        response: { 200: disputeViewSchema, ...errorResponses },
      },
    },
    async (req) => getDispute(deps.db, callerOf(req), req.params.id),
  );

  app.post(
    '/api/v1/disputes/:id/rule',
    {
      config: { permission: 'disputes:raise' },
      schema: {
        tags,
        summary: "Rule on a dispute (the disputed category's owner); the ruling becomes the ticket's label",
        params: uuidParam,
        body: ruleDisputeSchema,
        response: {
          200: disputeViewSchema.extend({ learning: labelLearningSchema.nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => ruleDispute(deps, callerOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/disputes/:id/withdraw',
    {
      config: { permission: 'disputes:raise' },
      schema: {
        tags,
        summary: 'Withdraw a dispute you raised',
        params: uuidParam,
        response: { 200: disputeViewSchema, ...errorResponses },
      },
    },
    async (req) => withdrawDispute(deps, callerOf(req), req.params.id),
  );
}

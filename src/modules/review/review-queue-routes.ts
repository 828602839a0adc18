import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { reviewAgreement } from './review-agreement.js';
import {
  archiveQueue,
  assignCategoryToQueue,
  createQueue,
  setQueueMembers,
  updateQueue,
} from './review-queues.js';
import { listQueueSummaries } from './review-read-model.js';
import type { ReviewDeps } from './review-routes.js';
import {
  agreementSchema,
  categoryRef,
  queueSchema,
  queueSummarySchema,
  settingsSchema,
} from './review-schemas.js';
import { reviewSettings, updateReviewSettings } from './review-settings.js';

const tags = ['review queues'];

const queueFields = {
  name: z.string().trim().min(1).max(120),
  ownerUserId: z.uuid(),
  fallbackOwnerUserId: z.uuid().nullable().optional(),
  slaMinutes: z
    .number()
    .int()
    .min(1)
    .max(525_600)
    .describe('Minutes from entering the queue to the deadline (at most a year)'),
};

export function reviewQueueRoutes(app: RouteApp, deps: ReviewDeps) {
  app.get(
    '/api/v1/review/queues',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: 'The review queues with owners, members, categories and open-item counts',
        response: { 200: z.object({ items: z.array(queueSummarySchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listQueueSummaries(deps.db, contextOf(req), deps.clock.now()) }),
  );

  app.post(
    '/api/v1/review/queues',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: 'Create a review queue',
        body: z.strictObject({
          key: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
            .optional(),
          ...queueFields,
          memberIds: z.array(z.uuid()).max(500).optional(),
        }),
        response: { 201: queueSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createQueue(deps, contextOf(req), req.body)),
  );

  app.patch(
    '/api/v1/review/queues/:id',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: 'Change name, owner, fallback owner or SLA (open items keep their deadlines)',
        params: uuidParam,
        body: z.strictObject({
          name: queueFields.name.optional(),
          ownerUserId: queueFields.ownerUserId.optional(),
          fallbackOwnerUserId: queueFields.fallbackOwnerUserId,
          slaMinutes: queueFields.slaMinutes.optional(),
        }),
        response: { 200: queueSchema, ...errorResponses },
      },
    },
    async (req) => updateQueue(deps, contextOf(req), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/review/queues/:id',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: 'Archive a queue: its categories and open items go to the default queue',
        params: uuidParam,
        response: { 200: queueSchema, ...errorResponses },
      },
    },
    async (req) => archiveQueue(deps, contextOf(req), req.params.id),
  );

  app.put(
    '/api/v1/review/queues/:id/members',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: 'Set who works the queue besides its owners',
        params: uuidParam,
        body: z.strictObject({ userIds: z.array(z.uuid()).max(500) }),
        response: { 200: z.object({ memberIds: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req) => setQueueMembers(deps, contextOf(req), req.params.id, req.body.userIds),
  );

  app.post(
    '/api/v1/review/queues/:id/categories',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: "Send a category's review items to this queue (the default queue: unmapped)",
        params: uuidParam,
        body: z.strictObject({ category: categoryRef }),
        response: {
          200: z.object({ categoryId: z.string(), queueId: z.string(), movedItems: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (req) => assignCategoryToQueue(deps, contextOf(req), req.params.id, req.body.category),
  );

  app.get(
    '/api/v1/review/agreement',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: "First and second reviewers' agreement (Cohen's kappa), overall and per category",
        querystring: z.strictObject({ queue: z.uuid().optional() }),
        response: { 200: agreementSchema, ...errorResponses },
      },
    },
    async (req) => reviewAgreement(deps.db, contextOf(req).workspaceId, { queueId: req.query.queue }),
  );

  app.get(
    '/api/v1/review/settings',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: 'Review settings of the workspace',
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (req) => reviewSettings(deps.db, contextOf(req).workspaceId),
  );

  app.patch(
    '/api/v1/review/settings',
    {
      config: { permission: 'queues:write' },
      schema: {
        tags,
        summary: 'Change the share of resolved items that also get a blind second review',
        body: z.strictObject({ secondReviewShare: z.number().min(0).max(1) }),
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (req) => updateReviewSettings(deps, contextOf(req), req.body),
  );
}

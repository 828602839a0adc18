import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { ChampionCache } from '../learning/index.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { claimItem, releaseItem } from './review-claims.js';
import { listReviewItems, listSecondReviewsFor } from './review-read-model.js';
import { categoryRef, claimSchema, resolvedItemSchema, reviewItemListSchema } from './review-schemas.js';
import { bulkResolve, resolveItem } from './resolve-items.js';

export interface ReviewDeps {
  db: Database;
  clock: Clock;
  champions: ChampionCache;
}

const tags = ['review'];
const limit = z.coerce.number().int().min(1).max(200).default(50);

export function reviewRoutes(app: RouteApp, deps: ReviewDeps) {
  app.get(
    '/api/v1/review',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: 'Open review items, soonest deadline first: of one queue or all, optionally filtered',
        querystring: z.strictObject({
          queue: z.uuid().optional().describe('A queue id; all queues when absent'),
          filter: z.enum(['all', 'mine', 'unclaimed', 'overdue']).default('all'),
          limit,
        }),
        response: { 200: reviewItemListSchema, ...errorResponses },
      },
    },
    async (req) =>
      listReviewItems(
        deps.db,
        contextOf(req),
        { queueId: req.query.queue, filter: req.query.filter, limit: req.query.limit },
        deps.clock.now(),
      ),
  );

  app.get(
    '/api/v1/review/second-reviews',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: "The blind second reviews the caller may do (never another's first review of theirs)",
        querystring: z.strictObject({ limit }),
        response: { 200: reviewItemListSchema, ...errorResponses },
      },
    },
    async (req) => listSecondReviewsFor(deps.db, contextOf(req), req.query, deps.clock.now()),
  );

  const itemAction = (summary: string) => ({
    config: { permission: 'review:resolve' as const },
    schema: { tags, summary, params: uuidParam, response: { 200: claimSchema, ...errorResponses } },
  });

  app.post(
    '/api/v1/review/:id/claim',
    itemAction('Claim an item: nobody else can work it until released'),
    (req) => claimItem(deps, contextOf(req), req.params.id),
  );

  app.post(
    '/api/v1/review/:id/release',
    itemAction("Release a claim (the holder, or the queue's owner or fallback owner)"),
    (req) => releaseItem(deps, contextOf(req), req.params.id),
  );

  const resolveResponse = { 200: resolvedItemSchema, ...errorResponses };
  const resolve = { permission: 'review:resolve' as const };

  app.post(
    '/api/v1/review/:id/accept',
    {
      config: resolve,
      schema: {
        tags,
        summary: "Accept the AI's proposed category (a label)",
        params: uuidParam,
        response: resolveResponse,
      },
    },
    (req) => resolveItem(deps, contextOf(req), req.params.id, { action: 'accept' }),
  );

  app.post(
    '/api/v1/review/:id/correct',
    {
      config: resolve,
      schema: {
        tags,
        summary: 'Choose the right category (a label)',
        params: uuidParam,
        body: z.strictObject({ category: categoryRef }),
        response: resolveResponse,
      },
    },
    (req) =>
      resolveItem(deps, contextOf(req), req.params.id, { action: 'correct', category: req.body.category }),
  );

  app.post(
    '/api/v1/review/:id/none-fits',
    {
      config: resolve,
      schema: {
        tags,
        summary: 'No category fits: propose a new one by name (no label is recorded)',
        params: uuidParam,
        body: z.strictObject({ suggestedCategory: z.string().trim().min(1).max(120) }),
        response: resolveResponse,
      },
    },
    (req) =>
      resolveItem(deps, contextOf(req), req.params.id, {
        action: 'none_fits',
        suggestedCategory: req.body.suggestedCategory,
      }),
  );

  app.post(
    '/api/v1/review/bulk-resolve',
    {
      config: { permission: 'review:resolve' },
      schema: {
        tags,
        summary: 'Resolve many first reviews to one category, all or nothing',
        body: z.strictObject({ itemIds: z.array(z.uuid()).min(1).max(200), category: categoryRef }),
        response: { 200: z.object({ resolved: z.array(resolvedItemSchema) }), ...errorResponses },
      },
    },
    (req) => bulkResolve(deps, contextOf(req), req.body),
  );
}

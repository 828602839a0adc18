import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { type ReviewDeps, resolveReviewItem, reviewQueue } from './review-service.js';

const tags = ['review'];

const resolutionResponse = z.object({
  resolution: z.enum(['accepted', 'corrected']),
  label: z.object({ id: z.string(), ticketId: z.string(), categoryId: z.string(), kind: z.string() }),
});

export function reviewRoutes(app: RouteApp, deps: ReviewDeps) {
  app.get(
    '/api/v1/review',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: 'The open review items, oldest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: {
          200: z.object({
            total: z.number(),
            items: z.array(
              z.object({
                id: z.string(),
                ticketId: z.string(),
                reason: z.string(),
                createdAt: z.date(),
                subject: z.string(),
                body: z.string(),
                requester: z.string().nullable(),
                outcome: z.string(),
                suggestedCategoryId: z.string().nullable(),
                suggestedCategoryName: z.string().nullable(),
                confidence: z.number().nullable(),
                modelVersion: z.number().nullable(),
                rule: z.string(),
                ranked: z
                  .array(z.object({ categoryId: z.string(), name: z.string(), probability: z.number() }))
                  .nullable(),
                explanation: z.unknown(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => reviewQueue(deps.db, contextOf(req).workspaceId, req.query),
  );

  app.post(
    '/api/v1/review/:id/accept',
    {
      config: { permission: 'review:resolve' },
      schema: {
        tags,
        summary: "Accept the AI's proposed category (a label)",
        params: uuidParam,
        response: { 200: resolutionResponse, ...errorResponses },
      },
    },
    async (req) => resolveReviewItem(deps, contextOf(req), req.params.id, { action: 'accept' }),
  );

  app.post(
    '/api/v1/review/:id/correct',
    {
      config: { permission: 'review:resolve' },
      schema: {
        tags,
        summary: 'Choose the right category (a label); accepts a category id, key or name',
        params: uuidParam,
        body: z.strictObject({ category: z.string().trim().min(1).max(120) }),
        response: { 200: resolutionResponse, ...errorResponses },
      },
    },
    async (req) =>
      resolveReviewItem(deps, contextOf(req), req.params.id, {
        action: 'correct',
        category: req.body.category,
      }),
  );
}

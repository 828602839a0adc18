import { z } from 'zod';
import { notFound } from '../../platform/errors/app-error.js';
import { autonomies } from './autonomy.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import {
  type CategoryDeps,
  createCategory,
  getCategory,
  listCategories,
  retireCategory,
  updateCategory,
} from './categories-service.js';

const tags = ['categories'];

const categoryFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2_000).optional(),
  examples: z.array(z.string().max(2_000)).max(50).optional(),
  counterExamples: z.array(z.string().max(2_000)).max(50).optional(),
  ownerUserId: z.uuid().nullable().optional(),
  autonomy: z
    .enum(autonomies)
    .optional()
    .describe(
      'auto: may apply alone above its threshold; suggest: a person confirms; human_only: the AI stays out',
    ),
};

export const categorySchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    examples: z.array(z.string()),
    counterExamples: z.array(z.string()),
    ownerUserId: z.string().nullable(),
    autonomy: z.enum(autonomies),
    createdAt: z.date(),
    updatedAt: z.date(),
    retiredAt: z.date().nullable(),
  })
  .describe('Category');

export function categoriesRoutes(app: RouteApp, deps: CategoryDeps) {
  app.get(
    '/api/v1/categories',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: 'List categories',
        querystring: z.strictObject({ includeRetired: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(categorySchema) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listCategories(deps.db, contextOf(req).workspaceId, req.query.includeRetired === 'true'),
    }),
  );

  app.get(
    '/api/v1/categories/:id',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: 'Get a category',
        params: uuidParam,
        response: { 200: categorySchema, ...errorResponses },
      },
    },
    async (req) => {
      const category = await getCategory(deps.db, contextOf(req).workspaceId, req.params.id);
      if (!category) throw notFound('Category', req.params.id);
      return category;
    },
  );

  app.post(
    '/api/v1/categories',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags,
        summary: 'Create a category',
        body: z.strictObject({
          key: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
            .optional(),
          ...categoryFields,
        }),
        response: { 201: categorySchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createCategory(deps, contextOf(req), req.body)),
  );

  app.patch(
    '/api/v1/categories/:id',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags,
        summary: 'Update a category (name, description, examples, owner, thresholds)',
        params: uuidParam,
        body: z.strictObject({ ...categoryFields, name: categoryFields.name.optional() }),
        response: { 200: categorySchema, ...errorResponses },
      },
    },
    async (req) => updateCategory(deps, contextOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/categories/:id/retire',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags,
        summary: 'Retire a category',
        params: uuidParam,
        response: { 200: categorySchema, ...errorResponses },
      },
    },
    async (req) => retireCategory(deps, contextOf(req), req.params.id),
  );
}

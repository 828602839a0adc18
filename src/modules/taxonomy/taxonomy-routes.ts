import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { applyTaxonomyChange, previewTaxonomyChange, type TaxonomyDeps } from './apply-taxonomy-change.js';
import { categoryOverview, listTaxonomyChanges, taxonomyStatus } from './taxonomy-read-model.js';
import { changeInputSchema, changeSchema, overviewSchema } from './taxonomy-schemas.js';

const tags = ['taxonomy'];

export function taxonomyRoutes(app: RouteApp, deps: TaxonomyDeps) {
  app.get(
    '/api/v1/taxonomy',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: 'The taxonomy: its version, every category with its lineage, and whether a retrain is due',
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const { workspaceId } = contextOf(req);
      const [status, categories] = await Promise.all([
        taxonomyStatus(deps.db, workspaceId),
        categoryOverview(deps.db, workspaceId),
      ]);
      return { ...status, categories };
    },
  );

  app.get(
    '/api/v1/taxonomy/changes',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: 'Taxonomy changes, newest first',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(changeSchema) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listTaxonomyChanges(deps.db, contextOf(req).workspaceId, req.query.limit),
    }),
  );

  app.post(
    '/api/v1/taxonomy/changes/preview',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags,
        summary:
          'What a change would do (tickets and labels moved, review items opened), without applying it',
        body: changeInputSchema,
        response: { 200: changeSchema, ...errorResponses },
      },
    },
    async (req) => previewTaxonomyChange(deps, contextOf(req), req.body),
  );

  app.post(
    '/api/v1/taxonomy/changes',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags,
        summary: 'Apply a taxonomy change (add, rename, merge, split, retire) as the next version',
        body: changeInputSchema,
        response: { 201: changeSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await applyTaxonomyChange(deps, contextOf(req), req.body)),
  );
}

import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { historyRowSchema } from './history-row.js';
import { importHistoryBatch, MAX_IMPORT_BATCH } from './import-history.js';

export function importsRoutes(app: RouteApp, deps: { db: Database; clock: Clock }) {
  app.post(
    '/api/v1/history/import',
    {
      config: { permission: 'categories:write' },
      schema: {
        tags: ['history'],
        summary: `Import one batch (up to ${MAX_IMPORT_BATCH} rows) of labelled history; idempotent per row`,
        body: z.strictObject({
          rows: z.array(historyRowSchema).min(1).max(MAX_IMPORT_BATCH),
          createCategories: z.boolean().default(false),
          source: z.string().trim().min(1).max(64).default('import'),
        }),
        response: {
          200: z.object({
            created: z.number(),
            unchanged: z.number(),
            rejected: z.array(z.object({ index: z.number(), reason: z.string() })),
            createdCategories: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) =>
      importHistoryBatch(deps, contextOf(req), req.body.rows, {
        createCategories: req.body.createCategories,
        source: req.body.source,
      }),
  );
}

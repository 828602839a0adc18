import { z } from 'zod';
import { notFound } from '../../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../../platform/http/route-kit.js';
import type { IntegrationDeps } from '../connections-service.js';
import { backfillRunView, backfillRunViewSchema, newBackfillSchema } from './backfill-schemas.js';
import { changeBackfill, startBackfill } from './backfill-service.js';
import { getBackfillRun, listBackfillRuns } from './backfill-store.js';

const tags = ['integrations'];
const runParams = z.object({ id: z.uuid(), runId: z.uuid() });

export function backfillRoutes(app: RouteApp, deps: IntegrationDeps) {
  app.post(
    '/api/v1/connections/:id/backfills',
    {
      config: { permission: 'integrations:manage' },
      schema: {
        tags,
        summary: "Import the connection's past tickets with their final categories (runs in the worker)",
        params: uuidParam,
        body: newBackfillSchema,
        response: { 201: backfillRunViewSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(backfillRunView(await startBackfill(deps, contextOf(req), req.params.id, req.body))),
  );

  app.get(
    '/api/v1/connections/:id/backfills',
    {
      config: { permission: 'integrations:read' },
      schema: {
        tags,
        summary: "The connection's backfills, newest first, with their progress",
        params: uuidParam,
        response: { 200: z.object({ items: z.array(backfillRunViewSchema) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: (await listBackfillRuns(deps.db, contextOf(req).workspaceId, req.params.id)).map(
        backfillRunView,
      ),
    }),
  );

  app.get(
    '/api/v1/connections/:id/backfills/:runId',
    {
      config: { permission: 'integrations:read' },
      schema: {
        tags,
        summary: 'One backfill with its progress',
        params: runParams,
        response: { 200: backfillRunViewSchema, ...errorResponses },
      },
    },
    async (req) => {
      const run = await getBackfillRun(deps.db, contextOf(req).workspaceId, req.params.runId);
      if (!run || run.connectionId !== req.params.id) throw notFound('Backfill', req.params.runId);
      return backfillRunView(run);
    },
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post(
      `/api/v1/connections/:id/backfills/:runId/${action}`,
      {
        config: { permission: 'integrations:manage' },
        schema: {
          tags,
          summary: {
            pause: 'Pause a backfill (a worker stops after the page it is reading)',
            resume: 'Resume a paused or failed backfill at its saved cursor',
            cancel: 'Cancel a backfill (what it imported stays)',
          }[action],
          params: runParams,
          response: { 200: backfillRunViewSchema, ...errorResponses },
        },
      },
      async (req) =>
        backfillRunView(await changeBackfill(deps, contextOf(req), req.params.id, req.params.runId, action)),
    );
  }
}

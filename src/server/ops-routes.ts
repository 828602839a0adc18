import { z } from 'zod';
import type { AppServices } from '../composition.js';
import { pendingMigrations } from '../platform/db/migrate.js';
import type { RouteApp } from '../platform/http/route-kit.js';

const tags = ['operations'];

export function opsRoutes(app: RouteApp, services: AppServices) {
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Database reachable, migrations applied, a model loaded',
        response: {
          200: z.object({
            ready: z.boolean(),
            checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string() })),
          }),
          503: z.object({
            ready: z.boolean(),
            checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string() })),
          }),
        },
      },
    },
    async (_req, reply) => {
      const checks: Record<string, { ok: boolean; detail: string }> = {};
      try {
        await services.db.query('SELECT 1');
        checks.database = { ok: true, detail: services.db.kind };
        const pending = await pendingMigrations(services.db);
        checks.migrations = {
          ok: pending.length === 0,
          detail: pending.length ? `pending: ${pending.join(', ')}` : 'all applied',
        };
        const workspaces = await services.db.query<{ id: string; slug: string }>(
          'SELECT id, slug FROM workspaces',
        );
        const missing: string[] = [];
        for (const ws of workspaces)
          if (!(await services.champions.champion(services.db, ws.id))) missing.push(ws.slug);
        checks.model = {
          ok: workspaces.length > 0 && missing.length === 0,
          detail: missing.length
            ? `no model in: ${missing.join(', ')}`
            : `loaded for ${workspaces.length} workspace(s)`,
        };
      } catch (error) {
        checks.database = { ok: false, detail: (error as Error).message };
      }
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.status(ready ? 200 : 503).send({ ready, checks });
    },
  );

  app.get(
    '/metrics',
    {
      config: { permission: 'ops:read' },
      schema: { tags, summary: 'Prometheus metrics (send an admin API key)' },
    },
    async (_req, reply) =>
      reply
        .header('content-type', services.metrics.registry.contentType)
        .send(await services.metrics.registry.metrics()),
  );
}

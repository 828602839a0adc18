import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { previousIsoWeek } from '../../platform/iso-week.js';
import { renderWeeklyReport } from './render-weekly-report.js';
import { latestCompleteWeek, type ReportDeps, weeklyReport } from './weekly-report.js';

const tags = ['reports'];
const weekParam = z.object({
  week: z.string().max(16).describe('An ISO week, e.g. 2026-W47 (UTC, Monday to Sunday)'),
});

/**
 * The weekly stakeholder report at stable addresses: /reports/weekly/2026-W47 (HTML, printable),
 * /reports/weekly/latest (the last complete week), and the same data as JSON under /api/v1.
 * Authenticated like every route (session or API key) with reports:read.
 */
export function reportsRoutes(app: RouteApp, deps: ReportDeps) {
  const html = async (workspaceId: string, week: string) =>
    renderWeeklyReport(await weeklyReport(deps, workspaceId, week), {
      previous: `/reports/weekly/${previousIsoWeek(week)}`,
      app: '/staffing',
    });

  app.get(
    '/reports/weekly/latest',
    {
      config: { permission: 'reports:read' },
      schema: { tags, summary: 'The weekly report of the last complete week, as a printable page' },
    },
    async (req, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(await html(contextOf(req).workspaceId, latestCompleteWeek(deps.clock.now()))),
  );

  app.get(
    '/reports/weekly/:week',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'The weekly report of one ISO week, as a printable page (400 for a week that does not exist or has not begun)',
        params: weekParam,
      },
    },
    async (req, reply) =>
      reply.type('text/html; charset=utf-8').send(await html(contextOf(req).workspaceId, req.params.week)),
  );

  app.get(
    '/api/v1/reports/weekly/:week',
    {
      config: { permission: 'reports:read' },
      schema: {
        tags,
        summary:
          'The figures of the weekly report of one ISO week ("latest": the last complete week), as JSON',
        params: weekParam,
        response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
      },
    },
    async (req) => {
      const week = req.params.week === 'latest' ? latestCompleteWeek(deps.clock.now()) : req.params.week;
      return { ...(await weeklyReport(deps, contextOf(req).workspaceId, week)) };
    },
  );
}

import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { previousIsoWeek } from '../../platform/iso-week.js';
import { renderWeeklyReport } from './render-weekly-report.js';
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  type ShareLinkDeps,
  workspaceOfShareToken,
} from './report-share-links.js';
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
export function reportsRoutes(app: RouteApp, deps: ReportDeps & ShareLinkDeps) {
  const html = async (workspaceId: string, week: string, base = '/reports') =>
    renderWeeklyReport(await weeklyReport(deps, workspaceId, week), {
      previous: `${base}/weekly/${previousIsoWeek(week)}`,
      app: '/staffing',
    });
  const weekOf = (week: string) => (week === 'latest' ? latestCompleteWeek(deps.clock.now()) : week);
  const shareLinkSchema = z.object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.date(),
    revokedAt: z.date().nullable(),
  });

  app.get(
    '/reports/shared/:token/weekly/:week',
    {
      // The token is the credential: it opens this workspace's weekly report and nothing else.
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The weekly report through a share link, for stakeholders without an account',
        params: weekParam.extend({ token: z.string().max(120) }),
      },
    },
    async (req, reply) => {
      const workspaceId = await workspaceOfShareToken(deps.db, req.params.token);
      if (!workspaceId) throw new AppError('not_found', 'This share link does not exist or was revoked.');
      return reply
        .type('text/html; charset=utf-8')
        .header('referrer-policy', 'no-referrer')
        .send(await html(workspaceId, weekOf(req.params.week), `/reports/shared/${req.params.token}`));
    },
  );

  app.post(
    '/api/v1/reports/share-links',
    {
      config: { permission: 'reports:share' },
      schema: {
        tags,
        summary: 'Create a share link to the weekly report; the link is in this response only',
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: shareLinkSchema.extend({ url: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { token, ...link } = await createShareLink(deps, contextOf(req), req.body.name);
      return reply.code(201).send({ ...link, url: `/reports/shared/${token}/weekly/latest` });
    },
  );

  app.get(
    '/api/v1/reports/share-links',
    {
      config: { permission: 'reports:share' },
      schema: {
        tags,
        summary: 'Share links to the weekly report (without their tokens)',
        response: { 200: z.object({ items: z.array(shareLinkSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listShareLinks(deps.db, contextOf(req).workspaceId) }),
  );

  app.delete(
    '/api/v1/reports/share-links/:id',
    {
      config: { permission: 'reports:share' },
      schema: {
        tags,
        summary: 'Revoke a share link',
        params: uuidParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await revokeShareLink(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

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
    async (req) => ({ ...(await weeklyReport(deps, contextOf(req).workspaceId, weekOf(req.params.week))) }),
  );
}

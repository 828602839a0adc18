import { z } from 'zod';
import type { Database } from '../../platform/db/database.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { acknowledgeDriftAlert, resolveDriftAlert } from './act-on-drift-alert.js';
import { checkDrift, type DriftSettings } from './check-drift.js';
import { driftOwnerSetting, setDriftOwner } from './drift-owner-setting.js';
import { getDriftAlert, listDriftAlerts } from './drift-read-model.js';

const tags = ['drift'];

const person = z.object({ id: z.string(), name: z.string() });

const figuresSchema = z
  .object({
    metric: z.string(),
    current: z.number(),
    baseline: z.number(),
    threshold: z.number(),
    windowStart: z.string(),
    windowEnd: z.string(),
    sample: z.number(),
    baselineSample: z.number(),
    series: z.array(z.object({ windowStart: z.string(), value: z.number().nullable(), sample: z.number() })),
    movers: z
      .array(
        z.object({
          categoryId: z.string(),
          categoryName: z.string().optional(),
          expectedShare: z.number(),
          actualShare: z.number(),
          contribution: z.number(),
        }),
      )
      .optional(),
    suggestedName: z.string().optional(),
    topTerms: z.array(z.string()).optional(),
    cohesion: z.number().optional(),
  })
  .describe(
    'The figures behind an alert: the metric now, its baseline and threshold, the window, the series',
  );

const alertSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['confidence_drop', 'category_mix', 'out_of_scope_rise', 'new_cluster']),
    key: z.string().describe('What drifts; the same drift keeps one live alert'),
    severity: z.enum(['warning', 'critical']),
    status: z.enum(['open', 'acknowledged', 'resolved']),
    title: z.string(),
    figures: figuresSchema.nullable(),
    examples: z
      .array(z.object({ ticketId: z.string(), subject: z.string() }))
      .describe('For a cluster: up to 5 tickets'),
    members: z.number().describe('For a cluster: how many tickets it holds'),
    category: z.object({ id: z.string(), name: z.string() }).nullable(),
    owner: person.nullable(),
    ownerReason: z.string(),
    openedAt: z.date(),
    updatedAt: z.date(),
    acknowledgedAt: z.date().nullable(),
    acknowledgedByName: z.string().nullable(),
    resolvedAt: z.date().nullable(),
    resolvedByName: z.string().nullable(),
    resolutionNote: z.string().nullable(),
    resolvedAutomatically: z.boolean(),
    notNotifiedReason: z.string().nullable(),
  })
  .describe('Drift alert');

export interface DriftRouteDeps {
  db: Database;
  clock: Clock;
  config: { drift: DriftSettings };
}

export function driftRoutes(app: RouteApp, deps: DriftRouteDeps) {
  app.get(
    '/api/v1/drift/alerts',
    {
      config: { permission: 'drift:read' },
      schema: {
        tags,
        summary: 'Drift alerts: live ones (open and acknowledged, critical first) or resolved ones',
        querystring: z.strictObject({
          status: z.enum(['live', 'resolved']).default('live'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(alertSchema),
            counts: z.object({ open: z.number(), acknowledged: z.number(), resolved: z.number() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => listDriftAlerts(deps.db, contextOf(req).workspaceId, req.query),
  );

  app.get(
    '/api/v1/drift/alerts/:id',
    {
      config: { permission: 'drift:read' },
      schema: {
        tags,
        summary: 'One drift alert',
        params: uuidParam,
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (req) => {
      const alert = await getDriftAlert(deps.db, contextOf(req).workspaceId, req.params.id);
      if (!alert) throw notFound('Drift alert', req.params.id);
      return alert;
    },
  );

  app.post(
    '/api/v1/drift/check',
    {
      config: { permission: 'drift:manage' },
      schema: {
        tags,
        summary: 'Check the workspace for drift now (the worker does it every TRIAGE_DRIFT_CHECK_MINUTES)',
        response: {
          200: z.object({ opened: z.number(), updated: z.number(), resolved: z.number() }),
          ...errorResponses,
        },
      },
    },
    async (req) => checkDrift(deps, contextOf(req).workspaceId, deps.clock.now(), deps.config.drift),
  );

  app.post(
    '/api/v1/drift/alerts/:id/acknowledge',
    {
      config: { permission: 'drift:manage' },
      schema: {
        tags,
        summary: 'Say the alert is seen and being looked at; it stays live until resolved or cleared',
        params: uuidParam,
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (req) => acknowledgeDriftAlert(deps, contextOf(req), req.params.id),
  );

  app.post(
    '/api/v1/drift/alerts/:id/resolve',
    {
      config: { permission: 'drift:manage' },
      schema: {
        tags,
        summary: 'Close the alert as dealt with, optionally saying how',
        params: uuidParam,
        body: z.strictObject({ note: z.string().trim().min(1).max(2000).optional() }).optional(),
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (req) => resolveDriftAlert(deps, contextOf(req), req.params.id, req.body?.note ?? null),
  );

  app.get(
    '/api/v1/drift/settings',
    {
      config: { permission: 'drift:read' },
      schema: {
        tags,
        summary: "The workspace's drift owner (unset: category owners, then an admin)",
        response: { 200: z.object({ owner: person.nullable() }), ...errorResponses },
      },
    },
    async (req) => driftOwnerSetting(deps.db, contextOf(req).workspaceId),
  );

  app.put(
    '/api/v1/drift/settings',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags,
        summary: 'Set or clear the drift owner',
        body: z.strictObject({ ownerUserId: z.uuid().nullable() }),
        response: { 200: z.object({ owner: person.nullable() }), ...errorResponses },
      },
    },
    async (req) => setDriftOwner(deps, contextOf(req), req.body.ownerUserId),
  );
}

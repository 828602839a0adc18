import { z } from 'zod';
import { AppError } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { adoptionBy, adoptionOverTime } from './adoption-read-model.js';
import {
  MAX_RANGE_DAYS,
  type MetricsQuery,
  type MetricsQueryInput,
  metricsQuerySchema,
  resolveMetricsQuery,
} from './metrics-query.js';
import { adoptionGroupsSchema, adoptionSchema, qualitySchema, valueSchema } from './metrics-schemas.js';
import { qualityOverTime } from './quality-read-model.js';
import type { MetricsDeps } from './refresh-rollups.js';
import { valueOverTime } from './value-read-model.js';

const tags = ['metrics'];
const querystring = metricsQuerySchema;

function queryOf(deps: MetricsDeps, input: MetricsQueryInput): MetricsQuery {
  const q = resolveMetricsQuery(input, deps.clock.now());
  if (!q) throw new AppError('validation_failed', `A range is at most ${MAX_RANGE_DAYS} days long.`);
  return q;
}

/** Dashboards: every route reads the daily rollups only, never the source tables. */
export function metricsRoutes(app: RouteApp, deps: MetricsDeps) {
  app.get(
    '/api/v1/metrics/adoption',
    {
      config: { permission: 'metrics:read' },
      schema: {
        tags,
        summary: 'Adoption per day or week: suggestions shown, accepted, overridden, ignored; time to action',
        querystring,
        response: { 200: adoptionSchema, ...errorResponses },
      },
    },
    async (req) => adoptionOverTime(deps.db, contextOf(req).workspaceId, queryOf(deps, req.query)),
  );

  app.get(
    '/api/v1/metrics/adoption/by/:dimension',
    {
      config: { permission: 'metrics:read' },
      schema: {
        tags,
        summary: 'Adoption over the range per person, cohort or category',
        params: z.object({ dimension: z.enum(['person', 'cohort', 'category']) }),
        querystring,
        response: { 200: adoptionGroupsSchema, ...errorResponses },
      },
    },
    async (req) => ({
      items: await adoptionBy(
        deps.db,
        contextOf(req).workspaceId,
        queryOf(deps, req.query),
        req.params.dimension,
      ),
    }),
  );

  app.get(
    '/api/v1/metrics/value',
    {
      config: { permission: 'metrics:read' },
      schema: {
        tags,
        summary:
          'Value against the shadow + control baseline: touches per 100 tickets, time to category, minutes saved',
        querystring,
        response: { 200: valueSchema, ...errorResponses },
      },
    },
    async (req) => valueOverTime(deps.db, contextOf(req).workspaceId, queryOf(deps, req.query)),
  );

  app.get(
    '/api/v1/metrics/quality',
    {
      config: { permission: 'metrics:read' },
      schema: {
        tags,
        summary: 'Quality in production: precision per category over time, calibration, costly confusions',
        querystring,
        response: { 200: qualitySchema, ...errorResponses },
      },
    },
    async (req) => qualityOverTime(deps.db, contextOf(req).workspaceId, queryOf(deps, req.query)),
  );
}

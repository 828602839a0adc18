import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { checkPromotionGate, promoteModel, rollbackChampion } from './model-lifecycle.js';
import { listRegisteredModels, modelDetail } from './model-registry-read-model.js';
import { promotionPolicyOf, updatePromotionPolicy } from './promotion-policy-store.js';
import type { ChampionCache } from './model-registry.js';
import { latestTrainingRun } from './training-runs.js';

const tags = ['models'];
const loose = z.record(z.string(), z.unknown());
const accuracySchema = z.object({ sample: z.number(), correct: z.number(), accuracy: z.number().nullable() });
const scoresSchema = z.object({ overall: accuracySchema, perCategory: z.record(z.string(), accuracySchema) });
const gateSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'insufficient_sample']),
  pass: z.boolean(),
  sample: z.number(),
  checks: z.array(
    z.object({
      metric: z.string(),
      sample: z.number(),
      champion: z.number().nullable(),
      challenger: z.number().nullable(),
      pass: z.boolean(),
      reason: z.string(),
    }),
  ),
});
const modelSchema = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(['candidate', 'challenger', 'champion', 'retired']),
  statusReason: z.string().nullable(),
  algorithm: z.string(),
  labelWatermark: z.number(),
  trainingSummary: loose,
  metrics: loose,
  gate: gateSchema.nullable(),
  createdByType: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  artifactBytes: z.number(),
  previousChampionVersion: z.number().nullable(),
});
const runSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  step: z.string(),
  percent: z.number(),
  trigger: z.string(),
  modelVersion: z.number().nullable(),
  error: z.string().nullable(),
  startedAt: z.date(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
});
const policySchema = z.object({
  mode: z.enum(['auto', 'approval']),
  minSample: z.number().int().min(1).max(100_000),
  minCategorySample: z.number().int().min(1).max(100_000),
  categoryTolerance: z.number().min(0).max(1),
});
const versionParam = z.object({ version: z.coerce.number().int().min(1) });

/** The model registry: versions, their history, promotion, rollback, the gate and its policy. */
export function modelRegistryRoutes(
  app: RouteApp,
  deps: { db: Database; clock: Clock; champions: ChampionCache },
) {
  app.get(
    '/api/v1/models',
    {
      config: { permission: 'models:read' },
      schema: {
        tags,
        summary: 'Model versions, newest first, with status, training data summary and metrics',
        response: {
          200: z.object({
            items: z.array(
              modelSchema.extend({
                onlineCorrections: z
                  .number()
                  .nullable()
                  .describe(
                    'The champion only: corrections learned online since its training ("vN+k online")',
                  ),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { workspaceId } = contextOf(req);
      const items = await listRegisteredModels(deps.db, workspaceId);
      const champion = await deps.champions.champion(deps.db, workspaceId);
      return {
        items: items.map((m) => ({
          ...m,
          onlineCorrections: m.id === champion?.id ? champion.onlineCorrections : null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/models/training-runs/latest',
    {
      config: { permission: 'models:read' },
      schema: {
        tags,
        summary: "The workspace's latest training run and its progress (null before the first)",
        response: { 200: z.object({ run: runSchema.nullable() }), ...errorResponses },
      },
    },
    async (req) => ({ run: (await latestTrainingRun(deps.db, contextOf(req).workspaceId)) ?? null }),
  );

  app.get(
    '/api/v1/models/promotion-policy',
    {
      config: { permission: 'models:read' },
      schema: {
        tags,
        summary: 'When a challenger is promoted',
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => promotionPolicyOf(deps.db, contextOf(req).workspaceId),
  );

  app.patch(
    '/api/v1/models/promotion-policy',
    {
      config: { permission: 'models:promote' },
      schema: {
        tags,
        summary: 'Change when a challenger is promoted (auto or by approval) and the minimum samples',
        body: policySchema.partial().strict(),
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => updatePromotionPolicy(deps, contextOf(req), req.body),
  );

  app.get(
    '/api/v1/models/:version',
    {
      config: { permission: 'models:read' },
      schema: {
        tags,
        summary: 'One model version with its status history and, for a challenger, its shadow scores',
        params: versionParam,
        response: {
          200: modelSchema.extend({
            history: z.array(
              z.object({
                seq: z.number(),
                action: z.string(),
                actorName: z.string(),
                occurredAt: z.date(),
                payload: loose,
              }),
            ),
            shadow: z
              .object({ champion: scoresSchema, challenger: scoresSchema, gate: gateSchema })
              .nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const detail = await modelDetail(deps.db, contextOf(req).workspaceId, req.params.version);
      if (!detail) throw notFound('Model', `v${req.params.version}`);
      return detail;
    },
  );

  app.post(
    '/api/v1/models/:version/promote',
    {
      config: { permission: 'models:promote' },
      schema: {
        tags,
        summary: 'Make this version the champion (approve a challenger, or restore any version)',
        params: versionParam,
        response: {
          200: z.object({ version: z.number(), replaced: z.number().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (req) => promoteModel(deps, contextOf(req), req.params.version),
  );

  app.post(
    '/api/v1/models/rollback',
    {
      config: { permission: 'models:promote' },
      schema: {
        tags,
        summary: 'Restore the champion the current one replaced; the current one is retired',
        response: { 200: z.object({ restored: z.number(), retired: z.number() }), ...errorResponses },
      },
    },
    async (req) => rollbackChampion(deps, contextOf(req)),
  );

  app.post(
    '/api/v1/models/gate',
    {
      config: { permission: 'models:train' },
      schema: {
        tags,
        summary: "Evaluate the challenger's promotion gate now (the worker also does so on its tick)",
        response: {
          200: z.object({
            outcome: z.object({ action: z.string(), version: z.number(), gate: gateSchema }).nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ outcome: await checkPromotionGate(deps, contextOf(req).workspaceId) }),
  );
}

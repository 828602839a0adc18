import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { previewDecision } from '../decisions/index.js';
import type { ChampionCache } from './model-registry.js';
import { trainWorkspaceModel } from './train-workspace-model.js';

const tags = ['models'];

export function learningRoutes(
  app: RouteApp,
  deps: { db: Database; clock: Clock; champions: ChampionCache },
) {
  app.post(
    '/api/v1/models/train',
    {
      config: { permission: 'models:train' },
      schema: {
        tags,
        summary:
          "Train a candidate on every ticket's latest label: the first model becomes champion, a later one the challenger",
        response: {
          201: z.object({
            modelId: z.string(),
            version: z.number(),
            status: z.enum(['champion', 'challenger']),
            runId: z.string(),
            exampleCount: z.number(),
            categoryCount: z.number(),
            labelWatermark: z.number(),
            trainSeconds: z.number(),
            artifactBytes: z.number(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await trainWorkspaceModel(deps, contextOf(req))),
  );

  app.post(
    '/api/v1/classify',
    {
      config: { permission: 'tickets:read' },
      schema: {
        tags,
        summary: 'Classify a text with the champion model without storing anything (what would happen)',
        body: z
          .strictObject({
            subject: z.string().max(1_000).optional(),
            body: z.string().max(500_000).optional(),
          })
          .refine((b) => Boolean(b.subject?.trim() || b.body?.trim()), 'needs a subject or a body'),
        response: {
          200: z.object({
            modelVersion: z.number(),
            ranked: z.array(z.object({ categoryId: z.string(), name: z.string(), probability: z.number() })),
            explanation: z.object({
              terms: z.array(z.object({ term: z.string(), weight: z.number() })),
              similar: z.array(
                z.object({ id: z.string(), category: z.string(), text: z.string(), similarity: z.number() }),
              ),
            }),
            decision: z.object({ outcome: z.string(), rule: z.string() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { workspaceId } = contextOf(req);
      const preview = await previewDecision(deps.db, deps.champions, workspaceId, {
        subject: req.body.subject ?? '',
        body: req.body.body ?? '',
      });
      if (!preview)
        throw new AppError('not_ready', 'This workspace has no trained model yet; run training first.');
      const { prediction, decision } = preview;
      return {
        modelVersion: prediction.modelVersion,
        ranked: prediction.ranked
          .slice(0, 5)
          .map((r) => ({ categoryId: r.categoryId, name: r.categoryName, probability: r.probability })),
        explanation: prediction.explanation,
        decision: { outcome: decision.outcome, rule: decision.rule },
      };
    },
  );
}

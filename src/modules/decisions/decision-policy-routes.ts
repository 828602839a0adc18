import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { autonomies } from '../categories/index.js';
import type { ChampionCache } from '../learning/index.js';
import { DEFAULT_MINUTES_PER_TICKET } from './backtest.js';
import { backtestWorkspace } from './backtest-workspace.js';
import { categoryReadiness } from './category-readiness.js';
import { decisionPolicyOf, updateDecisionPolicy } from './decision-policy-store.js';
import { forecastWorkload } from './forecast-workload.js';

const tags = ['decision policy'];

const policySchema = z
  .object({
    targetPrecision: z.number().describe('Precision auto-applied decisions must reach, e.g. 0.99'),
    suggestThreshold: z.number().describe('Below this top confidence nothing is suggested'),
    outOfScopeCutoff: z.number().nullable().describe("Overrides the model's out-of-scope cut-off when set"),
  })
  .describe('DecisionPolicy');

const changesSchema = z
  .strictObject({
    targetPrecision: z.number().min(0.5).max(1).optional(),
    suggestThreshold: z.number().min(0).max(1).optional(),
    outOfScopeCutoff: z.number().min(0).max(1).nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, 'give at least one setting to change');

const backtestSchema = z.object({
  tickets: z.number(),
  trainTickets: z.number(),
  autoShare: z.number(),
  autoPrecision: z.number(),
  suggestShare: z.number(),
  suggestTop3Hit: z.number(),
  reviewShare: z.number(),
  reviewReasons: z.record(z.string(), z.number()),
  touchesPer100: z.number(),
  minutesPerTicket: z.number(),
  minutesSavedPer100: z.number(),
  targetPrecision: z.number(),
  trainSeconds: z.number(),
  policy: policySchema,
  autonomy: z.record(z.string(), z.enum(autonomies)),
});

const forecastSchema = z.object({
  days: z.number(),
  ticketsPerDay: z.number(),
  minutesPerItem: z.number(),
  minutesSource: z.enum(['measured', 'default']),
  modelVersion: z.number().nullable(),
  queues: z.array(
    z.object({
      queueId: z.string(),
      queueName: z.string(),
      ownerName: z.string().nullable(),
      itemsPerDay: z.number(),
      personHoursPerDay: z.number(),
    }),
  ),
});

const readinessSchema = z.object({
  targetPrecision: z.number(),
  modelVersion: z.number().nullable(),
  minSupport: z.number().describe('Held-out predictions a category needs for a threshold of its own'),
  categories: z.array(
    z.object({
      categoryId: z.string(),
      categoryName: z.string(),
      autonomy: z.enum(autonomies),
      labels: z.number().describe('Tickets whose latest label is this category'),
      trainedLabels: z.number().nullable().describe('Of those, how many the champion was trained on'),
      support: z.number().describe('Held-out predictions of the category in the champion'),
      status: z.enum(['ready', 'too_few_samples', 'below_target', 'not_estimable', 'not_trained']),
      labelsNeeded: z
        .number()
        .nullable()
        .describe(
          'Estimated labels in total to be auto-applied at the target; null when it cannot be estimated',
        ),
      stillNeeded: z.number().nullable(),
      bestPrecision: z.number().nullable(),
      reason: z.string(),
    }),
  ),
});

export function decisionPolicyRoutes(
  app: RouteApp,
  deps: { db: Database; clock: Clock; champions: ChampionCache },
) {
  app.get(
    '/api/v1/decision-policy',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: "The workspace's decision policy settings",
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => decisionPolicyOf(deps.db, contextOf(req).workspaceId),
  );

  app.get(
    '/api/v1/decision-policy/readiness',
    {
      config: { permission: 'categories:read' },
      schema: {
        tags,
        summary: 'Per category: labels it has and labels it needs to be auto-applied at the target precision',
        response: { 200: readinessSchema, ...errorResponses },
      },
    },
    async (req) => categoryReadiness(deps.db, deps.champions, contextOf(req).workspaceId),
  );

  app.patch(
    '/api/v1/decision-policy',
    {
      config: { permission: 'policy:write' },
      schema: {
        tags,
        summary:
          'Change decision policy settings (target precision, suggest threshold, out-of-scope cut-off)',
        body: changesSchema,
        response: { 200: policySchema, ...errorResponses },
      },
    },
    async (req) => updateDecisionPolicy(deps, contextOf(req), req.body),
  );

  app.post(
    '/api/v1/decision-policy/backtest',
    {
      config: { permission: 'policy:write' },
      schema: {
        tags,
        summary:
          'Replay the newest labelled tickets through a model trained on the older ones and the policy (or a proposed change); writes nothing',
        body: z.strictObject({
          targetPrecision: z.number().min(0.5).max(1).optional(),
          autonomy: z
            .record(z.uuid(), z.enum(autonomies))
            .optional()
            .describe('Proposed autonomy by category id'),
          testShare: z.number().min(0.05).max(0.5).optional(),
          minutesPerTicket: z.number().min(0).max(120).optional(),
        }),
        response: { 200: backtestSchema, ...errorResponses },
      },
    },
    async (req) => backtestWorkspace(deps.db, contextOf(req).workspaceId, req.body),
  );

  app.get(
    '/api/v1/decision-policy/forecast',
    {
      config: { permission: 'review:read' },
      schema: {
        tags,
        summary: 'Review items per day and person-hours per queue, at the current model and policy',
        querystring: z.strictObject({
          days: z.coerce.number().int().min(1).max(90).default(14),
          minutesPerItem: z.coerce.number().min(0).max(120).default(DEFAULT_MINUTES_PER_TICKET),
        }),
        response: { 200: forecastSchema, ...errorResponses },
      },
    },
    async (req) =>
      forecastWorkload(deps.db, deps.champions, contextOf(req).workspaceId, {
        days: req.query.days,
        defaultMinutesPerItem: req.query.minutesPerItem,
        now: deps.clock.now(),
      }),
  );
}

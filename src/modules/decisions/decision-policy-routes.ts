import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { contextOf, errorResponses, type RouteApp } from '../../platform/http/route-kit.js';
import { decisionPolicyOf, updateDecisionPolicy } from './decision-policy-store.js';

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

export function decisionPolicyRoutes(app: RouteApp, deps: { db: Database; clock: Clock }) {
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
}

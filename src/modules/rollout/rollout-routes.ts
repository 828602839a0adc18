import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { checkRollout } from './check-rollout.js';
import { rollBackStage } from './roll-back-stage.js';
import {
  addCohortMembers,
  createCohort,
  removeCohortMember,
  setDefaultStage,
  setGates,
} from './rollout-cohorts.js';
import { gateMetrics, gateOps, stages } from './rollout-gates.js';
import { rolloutHistory, rolloutLadder } from './rollout-read-model.js';
import { approveStepUp, requestStepUp } from './rollout-step-ups.js';
import type { RolloutDeps } from './rollout-store.js';

const tags = ['rollout'];

const stageSchema = z.enum(stages);
const targetStageSchema = z.enum(['shadow', 'suggest', 'auto']);
const gateSchema = z
  .strictObject({
    metric: z.enum(gateMetrics),
    op: z.enum(gateOps),
    value: z.number().min(0),
    minSample: z.number().int().min(1).max(100_000).optional(),
  })
  .describe('A gate: metric, comparison, threshold; minSample: fewest cases before a breach rolls back');
const gateResultSchema = gateSchema.extend({
  current: z.number().nullable(),
  sample: z.number(),
  pass: z.boolean(),
  previous: z.number().nullable().optional().describe('The value over the window before: the trend'),
});
const stepUpSchema = z
  .object({
    id: z.string(),
    cohortId: z.string(),
    categoryId: z.string(),
    fromStage: stageSchema,
    toStage: targetStageSchema,
    requestedBy: z.string().nullable(),
    requestedByName: z.string(),
    approvalsNeeded: z.number(),
    approvals: z.array(z.object({ userId: z.string(), name: z.string() })),
    status: z.enum(['pending', 'applied', 'cancelled']),
  })
  .describe('Step up: a request to move a cohort × category one stage up, and its approvals');
const ladderSchema = z.object({
  windowDays: z.number(),
  autoApprovers: z.number(),
  cohorts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      position: z.number(),
      isControl: z.boolean(),
      members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
    }),
  ),
  categories: z.array(z.object({ id: z.string(), name: z.string() })),
  gates: z.object({ shadow: z.array(gateSchema), suggest: z.array(gateSchema), auto: z.array(gateSchema) }),
  cells: z.array(
    z.object({
      cohortId: z.string().nullable().describe('null: the workspace default (unassigned, or in no cohort)'),
      categoryId: z.string(),
      stage: stageSchema,
      nextStage: targetStageSchema.nullable(),
      nextGates: z.array(gateResultSchema),
      stageGates: z.array(gateResultSchema),
      evaluatedAt: z.date().nullable(),
      rolledBackReason: z.string().nullable(),
      pendingStepUp: stepUpSchema.nullable(),
    }),
  ),
});
const cohortSchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  isControl: z.boolean(),
});

export function rolloutRoutes(app: RouteApp, deps: RolloutDeps) {
  app.get(
    '/api/v1/rollout',
    {
      config: { permission: 'rollout:read' },
      schema: {
        tags,
        summary:
          'The ladder: cohorts × categories × stages, with the gates of each next step and their values now',
        response: { 200: ladderSchema, ...errorResponses },
      },
    },
    async (req) => rolloutLadder(deps.db, deps, contextOf(req).workspaceId),
  );

  app.get(
    '/api/v1/rollout/history',
    {
      config: { permission: 'rollout:read' },
      schema: {
        tags,
        summary: 'Rollout events, newest first: cohorts, stage changes, step ups, approvals, rollbacks',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number(),
                action: z.string(),
                actorName: z.string(),
                occurredAt: z.date(),
                payload: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await rolloutHistory(deps.db, contextOf(req).workspaceId, req.query.limit) }),
  );

  app.post(
    '/api/v1/rollout/cohorts',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary: 'Add a cohort as the next wave (or the one control cohort, which never gets the AI)',
        body: z.strictObject({
          name: z.string().trim().min(1).max(80),
          isControl: z.boolean().default(false),
        }),
        response: { 201: cohortSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createCohort(deps, contextOf(req), req.body)),
  );

  app.post(
    '/api/v1/rollout/cohorts/:id/members',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary: 'Add people to a cohort; someone already in a cohort stays where they are (kept)',
        params: uuidParam,
        body: z.strictObject({ userIds: z.array(z.uuid()).min(1).max(500) }),
        response: {
          200: z.object({
            added: z.array(z.string()),
            kept: z.array(z.object({ userId: z.string(), cohortId: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => addCohortMembers(deps, contextOf(req), req.params.id, req.body.userIds),
  );

  app.delete(
    '/api/v1/rollout/cohorts/:id/members/:userId',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary: 'Remove a person from a cohort explicitly (recorded as an event)',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeCohortMember(deps, contextOf(req), req.params.id, req.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/rollout/default-stages/:id',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary:
          'Set the stage of a category for unassigned tickets and people in no cohort (auto until set)',
        params: uuidParam.describe('Category id'),
        body: z.strictObject({ stage: stageSchema }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await setDefaultStage(deps, contextOf(req), req.params.id, req.body.stage);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/rollout/gates/:stage',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary: 'Replace the gates of the step up into a stage',
        params: z.object({ stage: targetStageSchema }),
        body: z.strictObject({ gates: z.array(gateSchema).max(20) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await setGates(deps, contextOf(req), req.params.stage, req.body.gates);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/rollout/step-ups',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary:
          'Request moving a cohort × category one stage up; its gates must pass (409 gates_not_passed)',
        body: z.strictObject({ cohortId: z.uuid(), categoryId: z.uuid() }),
        response: { 201: stepUpSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await requestStepUp(deps, contextOf(req), req.body)),
  );

  app.post(
    '/api/v1/rollout/step-ups/:id/approve',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary:
          'Approve a step up (not your own: 409 self_approval); the last approval needed moves the stage',
        params: uuidParam,
        response: { 200: stepUpSchema, ...errorResponses },
      },
    },
    async (req) => approveStepUp(deps, contextOf(req), req.params.id),
  );

  app.post(
    '/api/v1/rollout/rollbacks',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary: 'Step a cohort × category back one stage by hand, with the reason (409 when it is off)',
        body: z.strictObject({
          cohortId: z.uuid(),
          categoryId: z.uuid(),
          reason: z.string().min(1).max(500),
        }),
        response: {
          200: z.object({ from: stageSchema, to: stageSchema, cancelledStepUps: z.array(z.string()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => rollBackStage(deps, contextOf(req), req.body),
  );

  app.post(
    '/api/v1/rollout/check',
    {
      config: { permission: 'rollout:approve' },
      schema: {
        tags,
        summary:
          'Evaluate every stage now and roll breached live stages back (the worker does it periodically)',
        response: { 200: z.object({ evaluated: z.number(), rolledBack: z.number() }), ...errorResponses },
      },
    },
    async (req) => checkRollout(deps, contextOf(req).workspaceId),
  );
}

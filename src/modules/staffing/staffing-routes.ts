import { z } from 'zod';
import { contextOf, errorResponses, type RouteApp, uuidParam } from '../../platform/http/route-kit.js';
import { addOverride, onCallAt, removeOverride, setRotation } from './on-call-rota.js';
import { type StaffingDeps, staffingPlan } from './staffing-plan.js';

const tags = ['staffing'];

const named = z.object({ id: z.string(), name: z.string() });
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const shiftSchema = z.object({
  userId: z.string(),
  source: z.enum(['override', 'rotation']),
  from: z.date(),
  until: z.date(),
});
const onCallSchema = named
  .extend({ source: z.enum(['override', 'rotation']), until: z.date() })
  .nullable()
  .describe('The person on call for exceptions, or null when the rota names nobody active');
const overrideSchema = z.object({
  id: z.string(),
  userId: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  createdAt: z.date(),
});
const rotationSchema = z
  .object({ userIds: z.array(z.string()), shiftHours: z.number(), startsAt: z.date() })
  .nullable();

const planSchema = z.object({
  categories: z.array(
    z.object({ id: z.string(), name: z.string(), owner: named.nullable(), queueName: z.string() }),
  ),
  queues: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      isDefault: z.boolean(),
      slaMinutes: z.number(),
      owner: named.nullable(),
      fallbackOwner: named.nullable(),
      members: z.array(named),
    }),
  ),
  lastResort: named.nullable(),
  onCallNow: onCallSchema,
  rota: z.object({
    rotation: rotationSchema,
    overrides: z.array(overrideSchema),
    shifts: z.array(shiftSchema),
  }),
  people: z.array(named),
  inputs: z.object({
    users: z.number(),
    usersSource: z.enum(['cohorts', 'members']),
    reviewItemsPerWeek: z.number(),
    weeksMeasured: z.number(),
    minutesPerItem: z.number(),
    minutesSource: z.enum(['measured', 'assumed']),
    minutesSamples: z.number(),
    hoursPerWeek: z.number(),
    focusShare: z.number(),
    currentPeople: z.number(),
    currentSource: z.enum(['rota', 'queues']),
  }),
  recommendation: z.object({
    ruleOfThumb: z.number(),
    exceptionMinutesPerWeek: z.number(),
    focusMinutesPerPersonWeek: z.number(),
    exceptionLoad: z.number(),
    recommended: z.number(),
    basis: z.enum(['rule_of_thumb', 'exception_load']),
    peopleNeeded: z.number(),
    currentPeople: z.number(),
    covered: z.boolean(),
    capacityMinutesPerWeek: z.number(),
    explanation: z.array(z.string()),
    assumptions: z.array(z.string()),
  }),
  weeks: z.array(
    z.object({
      week: z.string(),
      reviewItems: z.number(),
      loadMinutes: z.number(),
      capacityMinutes: z.number(),
      partial: z.boolean(),
    }),
  ),
});

export function staffingRoutes(app: RouteApp, deps: StaffingDeps) {
  app.get(
    '/api/v1/staffing',
    {
      config: { permission: 'staffing:read' },
      schema: {
        tags,
        summary:
          'Who owns what, the on-call rota, and the recommended staffing (rule of thumb corrected by the measured exception load) with its arithmetic',
        response: { 200: planSchema, ...errorResponses },
      },
    },
    async (req) => staffingPlan(deps, contextOf(req).workspaceId),
  );

  app.get(
    '/api/v1/staffing/on-call',
    {
      config: { permission: 'staffing:read' },
      schema: {
        tags,
        summary: 'Who is on call for exceptions at a time (default: now)',
        querystring: z.strictObject({ at: instant.optional() }),
        response: { 200: z.object({ onCall: onCallSchema }), ...errorResponses },
      },
    },
    async (req) => ({
      onCall: await onCallAt(deps.db, contextOf(req).workspaceId, req.query.at ?? deps.clock.now()),
    }),
  );

  app.put(
    '/api/v1/staffing/rota',
    {
      config: { permission: 'staffing:manage' },
      schema: {
        tags,
        summary:
          'Set the rotation: people in order, each on call for one shift of shiftHours from startsAt, repeating (no people: no rotation)',
        body: z.strictObject({
          userIds: z.array(z.uuid()).max(100),
          shiftHours: z.number().int().min(1).max(2688),
          startsAt: instant,
        }),
        response: { 200: z.object({ rotation: rotationSchema }), ...errorResponses },
      },
    },
    async (req) => ({ rotation: await setRotation(deps, contextOf(req), req.body) }),
  );

  app.post(
    '/api/v1/staffing/rota/overrides',
    {
      config: { permission: 'staffing:manage' },
      schema: {
        tags,
        summary: 'Someone covers a span of time instead of whoever the rotation names',
        body: z.strictObject({
          userId: z.uuid(),
          startsAt: instant,
          endsAt: instant,
          note: z.string().trim().max(500).default(''),
        }),
        response: { 201: overrideSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await addOverride(deps, contextOf(req), req.body)),
  );

  app.delete(
    '/api/v1/staffing/rota/overrides/:id',
    {
      config: { permission: 'staffing:manage' },
      schema: {
        tags,
        summary: 'Remove an override',
        params: uuidParam,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await removeOverride(deps, contextOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
}

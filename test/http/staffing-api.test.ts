import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationSweepJob } from '../../src/modules/escalations/index.js';
import { rebuildMetricRollups } from '../../src/modules/metrics/index.js';
import { type ManualClock, manualClock } from '../../src/platform/testing/manual-clock.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { addPerson, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;
type Client = ReturnType<typeof apiClient>;

// The staffing plan over HTTP on a small fixed history: who owns what, the on-call rota with an
// override (each change an event), the recommendation computed by hand from the inputs — first
// on the assumed minutes per item, then on measured ones — and an escalation that reaches the
// person on call when its queue has no fallback owner.
describe.each(targets)('staffing API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let admin: Client;
  let clock: ManualClock;
  const as: Record<string, Client> = {};
  const ids: Record<string, string> = {};
  let defaultQueue: Json;

  async function person(key: string, name: string, role: string) {
    const added = await addPerson(app.url, admin, { email: `${key}@example.com`, name, role });
    ids[key] = added.id;
    as[key] = added.client;
  }
  const plan = async () => {
    const res = await as.ann!<Json>('GET', '/api/v1/staffing');
    expect(res.status).toBe(200);
    return res.body;
  };
  const eventsOf = async (action: string) =>
    app.services.db.query<{ payload: Json; actorName: string }>(
      `SELECT payload, actor_name AS "actorName" FROM events WHERE workspace_id = $1 AND action = $2 ORDER BY seq`,
      [app.workspaceId, action],
    );

  beforeAll(async () => {
    handle = await target.open();
    // Wednesday of ISO week 2026-W48.
    clock = manualClock(new Date('2026-11-25T12:00:00Z'));
    app = await startTestApp({ db: handle.db, clock });
    admin = apiClient(app.url, { apiKey: app.apiKey });
    await person('lee', 'Lee Lead', 'lead');
    await person('rita', 'Rita Reviewer', 'reviewer');
    await person('rob', 'Rob Reviewer', 'reviewer');
    await person('ann', 'Ann Agent', 'agent');
    const queues = (await admin<Json>('GET', '/api/v1/review/queues')).body.items;
    defaultQueue = queues.find((q: Json) => q.isDefault);
    await admin('PUT', `/api/v1/review/queues/${defaultQueue.id}/members`, { userIds: [ids.rita, ids.rob] });
    expect(
      (await admin('POST', '/api/v1/categories', { name: 'Billing', ownerUserId: ids.lee })).status,
    ).toBe(201);
    // No model yet: the ticket goes to review in the default queue (owner: the admin, no fallback owner).
    const ticket = await admin<Json>('POST', '/api/v1/tickets', {
      source: 'api',
      externalId: 's-1',
      subject: 'Charged twice',
      body: 'My card was charged twice.',
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.reviewItem.status).toBe('open');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('needs a login, and a lead or admin to change the rota', async () => {
    expect((await apiClient(app.url)('GET', '/api/v1/staffing')).status).toBe(401);
    const denied = await as.ann!<Json>('PUT', '/api/v1/staffing/rota', {
      userIds: [ids.rita],
      shiftHours: 24,
      startsAt: '2026-11-23T08:00:00Z',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('forbidden');
  });

  it('shows who owns what and recommends on the rule of thumb with the assumed minutes', async () => {
    const p = await plan();
    expect(p.categories).toEqual([
      {
        id: expect.any(String),
        name: 'Billing',
        owner: { id: ids.lee, name: 'Lee Lead' },
        queueName: 'Default queue',
      },
    ]);
    const q = p.queues.find((x: Json) => x.isDefault);
    expect(q.fallbackOwner).toBeNull();
    expect(q.members.map((m: Json) => m.name)).toEqual(['Rita Reviewer', 'Rob Reviewer']);
    expect(p.lastResort.id).toBe(q.owner.id);
    expect(p.onCallNow).toBeNull();
    // No cohorts: users are the 5 active members; nobody timed; only this (partial) week has items.
    expect(p.inputs).toMatchObject({
      users: 5,
      usersSource: 'members',
      reviewItemsPerWeek: 0,
      weeksMeasured: 0,
      minutesPerItem: 4,
      minutesSource: 'assumed',
      minutesSamples: 0,
      currentPeople: 3,
      currentSource: 'queues',
    });
    // 0.2 × 5 / 50 = 0.02 people; no complete week, so no measured load.
    expect(p.recommendation.ruleOfThumb).toBeCloseTo(0.02, 10);
    expect(p.recommendation).toMatchObject({ basis: 'rule_of_thumb', peopleNeeded: 1, covered: true });
    expect(p.recommendation.assumptions[0]).toContain('Assumption: 4 minutes per item');
    expect(p.weeks).toEqual([
      { week: '2026-W48', reviewItems: 1, loadMinutes: 4, capacityMinutes: 3 * 1920, partial: true },
    ]);
  });

  it('keeps a rotation with overrides, each change an event, and says who is on call', async () => {
    const dup = await as.lee!<Json>('PUT', '/api/v1/staffing/rota', {
      userIds: [ids.rita, ids.rita],
      shiftHours: 24,
      startsAt: '2026-11-23T08:00:00Z',
    });
    expect(dup.status).toBe(400);
    expect(dup.body.code).toBe('validation_failed');
    const stranger = await as.lee!<Json>('PUT', '/api/v1/staffing/rota', {
      userIds: ['00000000-0000-4000-8000-000000000001'],
      shiftHours: 24,
      startsAt: '2026-11-23T08:00:00Z',
    });
    expect(stranger.status).toBe(404);
    const set = await as.lee!<Json>('PUT', '/api/v1/staffing/rota', {
      userIds: [ids.rita, ids.rob],
      shiftHours: 24,
      startsAt: '2026-11-23T08:00:00Z',
    });
    expect(set.status).toBe(200);
    // 25 Nov 12:00 is 2 days 4 hours after the start: shift 2, so Rita again (2 mod 2 = 0).
    expect((await plan()).onCallNow).toMatchObject({ id: ids.rita, source: 'rotation' });
    const at = await as.ann!<Json>('GET', '/api/v1/staffing/on-call?at=2026-11-24T09:00:00Z');
    expect(at.body.onCall).toMatchObject({ id: ids.rob, until: '2026-11-25T08:00:00.000Z' });

    const backwards = await as.lee!<Json>('POST', '/api/v1/staffing/rota/overrides', {
      userId: ids.lee,
      startsAt: '2026-11-25T13:00:00Z',
      endsAt: '2026-11-25T11:00:00Z',
    });
    expect(backwards.status).toBe(400);
    const cover = await as.lee!<Json>('POST', '/api/v1/staffing/rota/overrides', {
      userId: ids.lee,
      startsAt: '2026-11-25T11:00:00Z',
      endsAt: '2026-11-25T13:00:00Z',
      note: 'Rita at the dentist',
    });
    expect(cover.status).toBe(201);
    const covered = await plan();
    expect(covered.onCallNow).toMatchObject({ id: ids.lee, source: 'override' });
    expect(covered.rota.shifts[0]).toMatchObject({ userId: ids.lee, until: '2026-11-25T13:00:00.000Z' });
    expect(covered.rota.shifts[1]).toMatchObject({ userId: ids.rita, until: '2026-11-26T08:00:00.000Z' });
    expect((await as.lee!('DELETE', `/api/v1/staffing/rota/overrides/${cover.body.id}`)).status).toBe(204);
    expect((await as.lee!('DELETE', `/api/v1/staffing/rota/overrides/${cover.body.id}`)).status).toBe(404);
    expect((await plan()).onCallNow.id).toBe(ids.rita);

    const [rotationSet] = await eventsOf('staffing.rotation_set');
    expect(rotationSet).toMatchObject({ actorName: 'Lee Lead', payload: { before: null } });
    expect(rotationSet!.payload.after.userIds).toEqual([ids.rita, ids.rob]);
    expect(await eventsOf('staffing.override_added')).toHaveLength(1);
    expect(await eventsOf('staffing.override_removed')).toHaveLength(1);
  });

  it('corrects the recommendation by the measured exception load (hand-computed)', async () => {
    // A fixed history: 10, 20, 30 and 40 review items in W44–W47 (mean 25 a week); 20 of W47's
    // were claimed and resolved, 11 in 3 minutes and 9 in 7 (mean (33 + 63) / 20 = 4.8).
    const [seed] = await app.services.db.query<{ ticketId: string; decisionId: string }>(
      `SELECT ticket_id AS "ticketId", decision_id AS "decisionId" FROM review_items WHERE workspace_id = $1`,
      [app.workspaceId],
    );
    const weeks = [
      ['2026-10-28T12:00:00Z', 10],
      ['2026-11-04T12:00:00Z', 20],
      ['2026-11-11T12:00:00Z', 30],
      ['2026-11-18T12:00:00Z', 40],
    ] as const;
    for (const [createdAt, n] of weeks) {
      for (let i = 0; i < n; i++) {
        const timed = createdAt.startsWith('2026-11-18') && i < 20;
        const minutes = i < 11 ? 3 : 7;
        const claimed = new Date(new Date(createdAt).getTime() + 60_000);
        await app.services.db.query(
          `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, queue_id,
                                     due_at, created_at, claimed_by, claimed_at, resolved_at, resolved_by)
           VALUES ($1, $2, $3, 'resolved', 'low_confidence', 'accepted', $4, $5, $5, $6, $7, $8, $9)`,
          [
            app.workspaceId,
            seed!.ticketId,
            seed!.decisionId,
            defaultQueue.id,
            createdAt,
            timed ? ids.rita : null,
            timed ? claimed : null,
            new Date(claimed.getTime() + (timed ? minutes : 1) * 60_000),
            ids.rita,
          ],
        );
      }
    }
    // People who have the AI: the pilot's three; the control cohort's Lee does not count.
    const pilot = (await as.lee!<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Pilot' })).body;
    const control = (
      await as.lee!<Json>('POST', '/api/v1/rollout/cohorts', { name: 'Control', isControl: true })
    ).body;
    await as.lee!('POST', `/api/v1/rollout/cohorts/${pilot.id}/members`, {
      userIds: [ids.rita, ids.rob, ids.ann],
    });
    await as.lee!('POST', `/api/v1/rollout/cohorts/${control.id}/members`, { userIds: [ids.lee] });

    // Minutes per item come from the metric rollups, as on the Metrics page.
    await rebuildMetricRollups(app.services, app.workspaceId);
    const p = await plan();
    expect(p.inputs).toMatchObject({
      users: 3,
      usersSource: 'cohorts',
      reviewItemsPerWeek: 25,
      weeksMeasured: 4,
      minutesPerItem: 4.8,
      minutesSource: 'measured',
      minutesSamples: 20,
      currentPeople: 2,
      currentSource: 'rota',
    });
    expect(p.weeks.map((w: Json) => [w.week, w.reviewItems, w.loadMinutes])).toEqual([
      ['2026-W44', 10, 48],
      ['2026-W45', 20, 96],
      ['2026-W46', 30, 144],
      ['2026-W47', 40, 192],
      ['2026-W48', 1, 4.8],
    ]);
    // 0.2 × 3 / 50 = 0.012; 25 × 4.8 = 120 min; 40 × 60 × 0.8 = 1920; 120 / 1920 = 0.0625 people.
    const r = p.recommendation;
    expect(r.ruleOfThumb).toBeCloseTo(0.012, 10);
    expect(r.exceptionMinutesPerWeek).toBeCloseTo(120, 9);
    expect(r.exceptionLoad).toBeCloseTo(0.0625, 10);
    expect(r).toMatchObject({
      basis: 'exception_load',
      peopleNeeded: 1,
      covered: true,
      capacityMinutesPerWeek: 3840,
    });
    expect(r.explanation[1]).toBe('Exception load: 25 review items a week × 4.8 min = 120 min a week.');
  });

  it('hands an escalation whose queue has no fallback owner to the person on call', async () => {
    // A day after the ticket arrived its review is overdue: level 1, the queue's owner (the admin).
    clock.set(new Date('2026-11-26T13:00:00Z'));
    expect((await escalationSweepJob.run(app.services)).opened).toBe(1);
    const [opened] = await app.services.db.query<Json>(
      `SELECT owner_user_id AS "ownerUserId", owner_reason AS "ownerReason" FROM escalations WHERE workspace_id = $1`,
      [app.workspaceId],
    );
    expect(opened!.ownerReason).toBe('owner of queue Default queue');
    // A day later still open: level 2 goes to whoever is on call — 27 Nov 14:00 is shift 4, Rita.
    clock.set(new Date('2026-11-27T14:00:00Z'));
    expect((await escalationSweepJob.run(app.services)).raised).toBe(1);
    const [raised] = await app.services.db.query<Json>(
      `SELECT level, owner_user_id AS "ownerUserId", owner_reason AS "ownerReason" FROM escalations WHERE workspace_id = $1`,
      [app.workspaceId],
    );
    expect(raised).toEqual({
      level: 2,
      ownerUserId: ids.rita,
      ownerReason: 'on call for exceptions: queue Default queue has no active fallback owner',
    });
  });
});

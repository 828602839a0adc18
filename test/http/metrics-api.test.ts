import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildMetricRollups } from '../../src/modules/metrics/index.js';
import { FIXED_NOW, writeFixedHistory } from '../../src/modules/metrics/testing/fixed-history.js';
import { manualClock } from '../../src/platform/testing/manual-clock.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { addPerson, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// The metrics API over the fixed history (src/modules/metrics/testing/fixed-history.ts), whose
// figures metrics-history.test.ts works out by hand: the routes read the rollups, check the
// caller and the query, and return the same figures.
describe.each(targets)('metrics API on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let admin: ReturnType<typeof apiClient>;
  const range = 'from=2026-03-02&to=2026-03-10';

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db });
    admin = apiClient(app.url, { apiKey: app.apiKey });
    await writeFixedHistory(handle.db, app.workspaceId);
    await rebuildMetricRollups({ db: handle.db, clock: manualClock(FIXED_NOW) }, app.workspaceId);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.dispose();
  });

  it('answers 401 without a login and 403 to a caller without metrics:read', async () => {
    const anonymous = await apiClient(app.url)<Json>('GET', `/api/v1/metrics/adoption?${range}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
    const key = await admin<Json>('POST', '/api/v1/api-keys', { name: 'helpdesk', role: 'integration' });
    const integration = apiClient(app.url, { apiKey: key.body.key });
    for (const path of ['adoption', 'adoption/by/cohort', 'value', 'quality']) {
      const denied = await integration<Json>('GET', `/api/v1/metrics/${path}?${range}`);
      expect(denied.status).toBe(403);
      expect(denied.body.code).toBe('forbidden');
    }
  });

  it('answers 400 to a bad query', async () => {
    for (const query of [
      'granularity=month',
      'from=2026-03-10&to=2026-03-02',
      'from=2024-01-01&to=2026-03-02',
      'from=yesterday',
      'cohort=pilot',
      'colour=blue',
    ]) {
      const res = await admin<Json>('GET', `/api/v1/metrics/adoption?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe('validation_failed');
    }
    expect((await admin<Json>('GET', `/api/v1/metrics/adoption/by/planet?${range}`)).status).toBe(400);
  });

  it('gives every role the hand-computed adoption, value and quality figures', async () => {
    const agent = (
      await addPerson(app.url, admin, { email: 'agent@example.com', name: 'Agnes', role: 'agent' })
    ).client;
    const adoption = await agent<Json>('GET', `/api/v1/metrics/adoption?${range}&granularity=week`);
    expect(adoption.status).toBe(200);
    expect(adoption.body.total).toMatchObject({
      shown: 5,
      accepted: 1,
      overridden: 1,
      ignored: 2,
      pending: 1,
    });
    expect(adoption.body.points.map((p: Json) => p.period)).toEqual(['2026-03-02', '2026-03-09']);

    const byCohort = await admin<Json>('GET', `/api/v1/metrics/adoption/by/cohort?${range}`);
    expect(byCohort.body.items.map((c: Json) => [c.name, c.shown])).toEqual([
      ['Pilot', 5],
      ['Control', 0],
    ]);
    const control = byCohort.body.items[1].id;

    const value = await admin<Json>('GET', `/api/v1/metrics/value?${range}`);
    expect(value.status).toBe(200);
    expect(value.body.live).toMatchObject({ tickets: 5, touchesPer100: 60, minutesToCorrect: 970 });
    expect(value.body.baseline).toMatchObject({ tickets: 2, touchesPer100: 100, minutesToCorrect: 30 });
    expect(value.body.minutesSaved).toBeCloseTo(80 / 3, 6);
    // Only the control cohort: its one ticket is all baseline, and nothing is live to compare.
    const controlOnly = await admin<Json>('GET', `/api/v1/metrics/value?${range}&cohort=${control}`);
    expect(controlOnly.body.baseline.tickets).toBe(1);
    expect(controlOnly.body.live.tickets).toBe(0);
    expect(controlOnly.body.minutesSaved).toBeNull();

    const quality = await admin<Json>('GET', `/api/v1/metrics/quality?${range}&granularity=day`);
    expect(quality.status).toBe(200);
    expect(quality.body.calibration.ece).toBeCloseTo(0.573333, 5);
    expect(quality.body.confusions.map((c: Json) => `${c.predictedName}→${c.humanName}`)).toEqual([
      'Returns→Shipping',
      'Shipping→Returns',
      'Billing→Shipping',
    ]);
    expect(quality.body.categories[0].points).toHaveLength(9);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCategories, generateDemoHistory } from '../../src/modules/demo/index.js';
import { BACKFILL_MAX_ATTEMPTS, runDueBackfills } from '../../src/modules/integrations/index.js';
import {
  AGENT,
  CATEGORY_FIELD_ID,
  CUSTOMER,
  TRIAGE_USER,
} from '../../src/modules/integrations/zendesk/test-support/zendesk-account.js';
import {
  startZendeskTestServer,
  type ZendeskTestServer,
} from '../../src/modules/integrations/zendesk/test-support/zendesk-test-server.js';
import { trainingLabels } from '../../src/modules/learning/training-labels.js';
import type { Clock } from '../../src/platform/clock.js';
import { verifyEventChain } from '../../src/platform/events/index.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { type ApiClient, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

const DAY = 86_400_000;
const HUMAN = 180;
const AI = 10;
const UNCATEGORISED = 5;
const UNMAPPED = 3;
const TOO_OLD = 5;
const PAGE = 50;

// Backfill end to end: a local Zendesk with a year and more of tickets (categorised by people, by
// Triage's own API user, not at all, or with a value the connection does not map), an empty
// workspace, and the backfill job run the way the worker runs it — stopped mid-way, throttled by
// a 429, resumed, repeated — and then the first model trained from what it imported.
describe.each(targets)('Backfill from Zendesk on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let api: ApiClient;
  let zendesk: ZendeskTestServer;
  let connectionId: string;
  let runId: string;
  let zendeskNow = new Date();
  const zendeskClock: Clock = { now: () => zendeskNow };
  const aiTicketIds: string[] = [];
  // The app's clock runs with real time plus an offset a test may move on (to pass back-offs).
  let offset = 0;
  const appClock: Clock = { now: () => new Date(Date.now() + offset) };

  const deps = () => ({ ...app.services, helpdeskTimeoutMs: 5_000 });
  const run = async () =>
    (await api<Json>('GET', `/api/v1/connections/${connectionId}/backfills/${runId}`)).body;
  const exportRequests = () =>
    zendesk.requests.filter((r) => r.path === '/api/v2/incremental/tickets/cursor.json');
  /** Runs the job as a worker would until the run is no longer queued or running. */
  async function workUntilSettled(workerId: string) {
    const until = Date.now() + 30_000;
    for (;;) {
      await runDueBackfills(deps(), { workerId, pageSize: PAGE });
      const current = await run();
      if (!['queued', 'running'].includes(current.status) || Date.now() > until) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    handle = await target.open();
    app = await startTestApp({ db: handle.db, clock: appClock });
    api = apiClient(app.url, { apiKey: app.apiKey });
    const categories: Json[] = [];
    for (const c of demoCategories) {
      const created = await api<Json>('POST', '/api/v1/categories', { key: c.key, name: c.name });
      expect(created.status).toBe(201);
      categories.push(created.body);
    }
    zendesk = await startZendeskTestServer({ users: [TRIAGE_USER, AGENT, CUSTOMER], clock: zendeskClock });
    const history = generateDemoHistory({ seed: 23, count: HUMAN + AI + UNCATEGORISED + UNMAPPED + TOO_OLD });
    const now = Date.now();
    history.forEach((t, i) => {
      // Oldest first, one every ~2 days over the last year; the first TOO_OLD are 14 months back.
      zendeskNow = new Date(i < TOO_OLD ? now - 430 * DAY + i * DAY : now - 360 * DAY + i * 1.5 * DAY);
      const ticket = zendesk.act.createTicket(CUSTOMER.id, { subject: t.subject, description: t.body });
      const rest = i - TOO_OLD;
      const value = rest >= HUMAN + AI + UNCATEGORISED ? 'legacy-queue' : t.category;
      if (rest >= HUMAN + AI && rest < HUMAN + AI + UNCATEGORISED) return;
      const by = rest >= HUMAN && rest < HUMAN + AI ? TRIAGE_USER.id : AGENT.id;
      if (by === TRIAGE_USER.id) aiTicketIds.push(String(ticket.id));
      zendesk.act.updateTicket(by, ticket.id, { custom_fields: [{ id: CATEGORY_FIELD_ID, value }] });
    });
    zendeskNow = new Date();
    const created = await api<Json>('POST', '/api/v1/connections', {
      kind: 'zendesk',
      name: 'acme.zendesk.com',
      baseUrl: zendesk.url,
      credentials: { email: TRIAGE_USER.email, apiToken: TRIAGE_USER.apiToken },
      inboundSecret: 'zendesk signing secret, long enough',
      integrationUser: { id: String(TRIAGE_USER.id), email: TRIAGE_USER.email },
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.key })),
      settings: { categoryFieldId: CATEGORY_FIELD_ID },
    });
    expect(created.status).toBe(201);
    connectionId = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await zendesk?.close();
    await handle?.dispose();
  });

  it('starts one backfill per connection and checks the request', async () => {
    const tooFar = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 37 });
    expect(tooFar.status).toBe(400);
    const started = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 12 });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'queued', counts: { read: 0, imported: 0 } });
    runId = started.body.id;
    const again = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 3 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('backfill_active');
    const events = await handle.db.query<{ action: string }>(
      `SELECT action FROM events WHERE subject_id = $1 ORDER BY seq`,
      [runId],
    );
    expect(events.map((e) => e.action)).toEqual(['backfill.started']);
    const doc = await api<Json>('GET', '/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths['/api/v1/connections/{id}/backfills'])).toEqual(['post', 'get']);
  });

  it('resumes after a worker dies between pages without importing anything twice, and waits out a 429', async () => {
    // Worker A saves the first page, then "dies": its next request is aborted and its lease stays.
    const stop = new AbortController();
    await runDueBackfills(deps(), {
      workerId: 'worker-a',
      pageSize: PAGE,
      leaseMs: 300,
      signal: stop.signal,
      onPageSaved: () => stop.abort(),
    });
    const afterCrash = await run();
    expect(afterCrash).toMatchObject({ status: 'running', pages: 1, counts: { read: PAGE } });
    const importedSoFar = afterCrash.counts.imported;
    expect(importedSoFar).toBeGreaterThan(0);

    // Nobody else takes the run while the dead worker's lease holds.
    expect(await runDueBackfills(deps(), { workerId: 'worker-b', pageSize: PAGE })).toEqual({
      runs: 0,
      pages: 0,
    });
    await new Promise((resolve) => setTimeout(resolve, 350));

    // Zendesk throttles the first request of worker B: the run waits Retry-After without using up an attempt.
    zendesk.failNext({ kind: 'rate_limited', retryAfterSeconds: 1 });
    const throttledAt = Date.now();
    await runDueBackfills(deps(), { workerId: 'worker-b', pageSize: PAGE });
    const throttled = await run();
    expect(throttled).toMatchObject({ status: 'running', attempts: 0, pages: 1 });
    expect(throttled.lastError).toMatch(/wait 1 s/);
    expect(new Date(throttled.nextAttemptAt).getTime()).toBeGreaterThanOrEqual(throttledAt + 900);
    const requestsBefore = exportRequests().length;
    await runDueBackfills(deps(), { workerId: 'worker-b', pageSize: PAGE });
    expect(exportRequests().length).toBe(requestsBefore); // not before Retry-After

    const done = await workUntilSettled('worker-b');
    expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(1_000);
    // The resumed read continued at the saved cursor rather than starting over.
    const resumed = exportRequests().slice(2);
    expect(resumed.every((r) => r.query.get('cursor') !== null)).toBe(true);
    const inRange = HUMAN + AI + UNCATEGORISED + UNMAPPED;
    expect(done).toMatchObject({
      status: 'done',
      lastError: null,
      counts: {
        read: inRange,
        imported: HUMAN + AI,
        unchanged: 0,
        labelled: HUMAN,
        aiProvenance: AI,
        uncategorised: UNCATEGORISED,
        unmapped: UNMAPPED,
        rejected: 0,
      },
    });
    const [tickets] = await handle.db.query<{ n: number; distinct: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct FROM tickets WHERE source = $1`,
      [`zendesk:${connectionId}`],
    );
    expect(tickets).toEqual({ n: HUMAN + AI, distinct: HUMAN + AI });
    const [labels] = await handle.db.query<{ n: number; tickets: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT ticket_id)::int AS tickets FROM labels WHERE kind = 'import'`,
    );
    expect(labels).toEqual({ n: HUMAN, tickets: HUMAN });
    // History, not intake: nothing was predicted, decided, queued for review or written back.
    for (const table of ['predictions', 'decisions', 'review_items', 'outbox']) {
      const [{ n }] = (await handle.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)) as [
        { n: number },
      ];
      expect(n, table).toBe(0);
    }
    const finished = await handle.db.query<{ action: string }>(
      `SELECT action FROM events WHERE subject_id = $1 ORDER BY seq`,
      [runId],
    );
    expect(finished.map((e) => e.action)).toEqual(['backfill.started', 'backfill.finished']);
  }, 60_000);

  it('keeps the categories Triage wrote as AI provenance, visible but never a training label', async () => {
    const rows = await handle.db.query<{ id: string; externalId: string; setBy: string; categoryId: string }>(
      `SELECT id, external_id AS "externalId", category_set_by AS "setBy", category_id AS "categoryId"
         FROM tickets WHERE source = $1 AND external_id = ANY($2::text[])`,
      [`zendesk:${connectionId}`, aiTicketIds],
    );
    expect(rows).toHaveLength(AI);
    const view = (await api<Json>('GET', `/api/v1/tickets/${rows[0]!.id}`)).body;
    expect(view.categorySetBy).toBe('ai');
    expect(view.category?.id).toBe(rows[0]!.categoryId);
    const labels = await trainingLabels(handle.db, app.workspaceId);
    expect(labels.examples).toHaveLength(HUMAN);
    const aiIds = new Set(rows.map((r) => r.id));
    expect(labels.examples.filter((e) => aiIds.has(e.id))).toEqual([]);
  });

  it('imports nothing new when the same months are backfilled again', async () => {
    const again = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 12 });
    expect(again.status).toBe(201);
    runId = again.body.id;
    const done = await workUntilSettled('worker-c');
    expect(done).toMatchObject({
      status: 'done',
      counts: { imported: 0, unchanged: HUMAN + AI, labelled: 0, aiProvenance: 0 },
    });
    const list = await api<Json>('GET', `/api/v1/connections/${connectionId}/backfills`);
    expect(list.body.items.map((r: Json) => r.status)).toEqual(['done', 'done']);
  }, 60_000);

  it('pauses, refuses a second active run, resumes and cancels', async () => {
    const started = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 1 });
    runId = started.body.id;
    const paused = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills/${runId}/pause`);
    expect(paused.body.status).toBe('paused');
    // A paused run is still the connection's active one, and the worker leaves it alone.
    expect((await api('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 1 })).status).toBe(
      409,
    );
    expect(await runDueBackfills(deps(), { workerId: 'worker-d' })).toEqual({ runs: 0, pages: 0 });
    const resumed = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills/${runId}/resume`);
    expect(resumed.body.status).toBe('queued');
    const cancelled = await api<Json>(
      'POST',
      `/api/v1/connections/${connectionId}/backfills/${runId}/cancel`,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect((await api('POST', `/api/v1/connections/${connectionId}/backfills/${runId}/cancel`)).status).toBe(
      409,
    );
  });

  it('fails after its retries with back-off, says why, and resumes where it stopped', async () => {
    const started = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills`, { months: 12 });
    runId = started.body.id;
    const before = exportRequests().length;
    zendesk.failNext({ kind: 'unavailable' }, BACKFILL_MAX_ATTEMPTS);
    const backoffs: number[] = [];
    for (let attempt = 1; attempt <= BACKFILL_MAX_ATTEMPTS; attempt++) {
      await runDueBackfills(deps(), { workerId: 'worker-e', pageSize: PAGE });
      const current = await run();
      backoffs.push(new Date(current.nextAttemptAt).getTime() - appClock.now().getTime());
      offset += 10 * 60_000;
    }
    expect(exportRequests().length - before).toBe(BACKFILL_MAX_ATTEMPTS);
    const failed = await run();
    expect(failed).toMatchObject({ status: 'failed', counts: { read: 0 } });
    expect(failed.lastError).toMatch(/503/);
    // Back-off doubles between attempts (2 s, 4 s, 8 s) before the run gives up.
    expect(backoffs.slice(0, 3).map((ms) => Math.round(ms / 1000))).toEqual([2, 4, 8]);
    const resumed = await api<Json>('POST', `/api/v1/connections/${connectionId}/backfills/${runId}/resume`);
    expect(resumed.body).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
    const done = await workUntilSettled('worker-e');
    expect(done).toMatchObject({ status: 'done', counts: { imported: 0, unchanged: HUMAN + AI } });
    const events = await handle.db.query<{ action: string }>(
      `SELECT action FROM events WHERE subject_id = $1 ORDER BY seq`,
      [runId],
    );
    expect(events.map((e) => e.action)).toEqual([
      'backfill.started',
      'backfill.failed',
      'backfill.resumed',
      'backfill.finished',
    ]);
  }, 60_000);

  it('trains the first model from the backfilled labels', async () => {
    const trained = await api<Json>('POST', '/api/v1/models/train');
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({ version: 1, status: 'champion', exampleCount: HUMAN });
    expect(await verifyEventChain(handle.db, app.workspaceId)).toMatchObject({ ok: true });
    const preview = await api<Json>('POST', '/api/v1/classify', {
      subject: 'Charged twice for the same invoice',
      body: 'Our card was charged twice for this month’s invoice. Please fix the bill.',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.ranked[0].name).toBe('Billing');
  }, 60_000);
});

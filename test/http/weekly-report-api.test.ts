import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/modules/notifications/test-support/webhook-receiver.js';
import { weeklyReportJob } from '../../src/modules/reports/index.js';
import { deliverDueEffects } from '../../src/platform/outbox/index.js';
import { type ManualClock, manualClock } from '../../src/platform/testing/manual-clock.js';
import { startTestApp, type TestApp } from '../../src/platform/testing/test-app.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { addPerson, apiClient } from './api-client.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

type Json = Record<string, any>;

// The weekly report over HTTP — a stable URL behind the usual authentication, 400 with a code for
// a week that does not exist — and the weekly job: nothing before its hour, then exactly one
// notification per workspace and week through the outbox, delivered to a real webhook receiver.
describe.each(targets)('weekly report API and job on $name', (target) => {
  let handle: TestDatabase;
  let app: TestApp;
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    handle = await target.open();
    // Monday of 2026-W48, 07:00 UTC: the report of 2026-W47 is due at 08:00 (the defaults).
    clock = manualClock(new Date('2026-11-23T07:00:00Z'));
    app = await startTestApp({
      db: handle.db,
      clock,
      env: { TRIAGE_REPORT_BASE_URL: 'https://triage.example/' },
    });
    admin = apiClient(app.url, { apiKey: app.apiKey });
    receiver = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
    await handle?.dispose();
  });

  it('serves the report at a stable URL to people and keys with reports:read', async () => {
    const anonymous = await apiClient(app.url)<Json>('GET', '/reports/weekly/latest');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
    const integration = await admin<Json>('POST', '/api/v1/api-keys', {
      name: 'Helpdesk',
      role: 'integration',
    });
    const helpdesk = apiClient(app.url, { apiKey: integration.body.key });
    const forbidden = await helpdesk<Json>('GET', '/reports/weekly/2026-W47');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');

    const latest = await admin<string>('GET', '/reports/weekly/latest');
    expect(latest.status).toBe(200);
    expect(latest.headers.get('content-type')).toContain('text/html');
    expect(latest.body).toContain('in 2026-W47</h1>');
    expect(latest.body).toContain('No tickets arrived and nothing was decided in 2026-W47');
    const agent = await addPerson(app.url, admin, {
      email: 'ann@example.com',
      name: 'Ann Agent',
      role: 'agent',
    });
    const page = await agent.client<string>('GET', '/reports/weekly/2026-W46');
    expect(page.status).toBe(200);
    expect(page.body).toContain('9 Nov 2026 – 15 Nov 2026 (UTC)');

    for (const week of ['2026-W54', '2026-47', '2026-W49']) {
      const bad = await admin<Json>('GET', `/reports/weekly/${week}`);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('validation_failed');
    }
    const json = await admin<Json>('GET', '/api/v1/reports/weekly/latest');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      week: '2026-W47',
      previousWeek: '2026-W46',
      empty: true,
      complete: true,
    });
  });

  it('opens the report through a revocable share link, and nothing else with it', async () => {
    const agent = await addPerson(app.url, admin, {
      email: 'rae@example.com',
      name: 'Rae Agent',
      role: 'agent',
    });
    expect((await agent.client('POST', '/api/v1/reports/share-links', { name: 'Board' })).status).toBe(403);
    const created = await admin<Json>('POST', '/api/v1/reports/share-links', { name: 'Board' });
    expect(created.status).toBe(201);
    const url: string = created.body.url;
    expect(url).toMatch(/^\/reports\/shared\/trs_[\w-]+\/weekly\/latest$/);
    const anonymous = apiClient(app.url);
    const page = await anonymous<string>('GET', url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('in 2026-W47</h1>');
    expect(page.body).toContain(`href="${url.replace('latest', '2026-W46')}"`);
    const token = url.split('/')[3]!;
    // Only the hash is stored, and the token is no API key.
    const [stored] = await app.services.db.query<{ tokenHash: string }>(
      'SELECT token_hash AS "tokenHash" FROM report_share_links WHERE id = $1',
      [created.body.id],
    );
    expect(stored!.tokenHash).not.toContain(token);
    expect((await apiClient(app.url, { apiKey: token })('GET', '/api/v1/reports/weekly/latest')).status).toBe(
      401,
    );
    const listed = await admin<Json>('GET', '/api/v1/reports/share-links');
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'Board', revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(token);

    expect((await admin('DELETE', `/api/v1/reports/share-links/${created.body.id}`)).status).toBe(204);
    const revoked = await anonymous<Json>('GET', url);
    expect(revoked.status).toBe(404);
    expect(revoked.body.code).toBe('not_found');
    expect((await anonymous<Json>('GET', '/reports/shared/trs_guess/weekly/latest')).status).toBe(404);
    const events = await app.services.db.query<{ action: string }>(
      `SELECT action FROM events WHERE workspace_id = $1 AND action LIKE 'report.share_link_%' ORDER BY seq`,
      [app.workspaceId],
    );
    expect(events.map((e) => e.action)).toEqual(['report.share_link_created', 'report.share_link_revoked']);
  });

  it('sends each week once per workspace through the outbox, to the webhook endpoints', async () => {
    const endpoint = await admin<Json>('POST', '/api/v1/notification-endpoints', {
      name: 'Stakeholders',
      url: receiver.url,
    });
    expect(endpoint.status).toBe(201);
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: null, sent: 0 });

    clock.set(new Date('2026-11-23T08:30:00Z'));
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: '2026-W47', sent: 1 });
    // Again, and as if from another worker: nothing more.
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: '2026-W47', sent: 0 });
    const pending = await admin<Json>('GET', '/api/v1/outbox?status=pending&kind=webhook.notification');
    expect(pending.body.items.map((i: Json) => i.idempotencyKey)).toEqual([
      `weekly-report:2026-W47@${endpoint.body.id}`,
    ]);

    const run = await deliverDueEffects(app.services.db, app.services.effectHandlers, {
      workerId: 'weekly-report-test',
      clock,
      policy: app.services.outboxPolicy,
      onDeadLetter: app.services.onDeadLetter,
    });
    expect(run.delivered).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const message = JSON.parse(receiver.requests[0]!.body);
    expect(message.text).toContain('Weekly report 2026-W47');
    expect(JSON.stringify(message.blocks)).toContain(
      '<https://triage.example/reports/weekly/2026-W47|Open the 2026-W47 report>',
    );

    // The next week's report, on the next Monday after 08:00.
    clock.set(new Date('2026-11-30T07:59:00Z'));
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: null, sent: 0 });
    clock.set(new Date('2026-11-30T09:00:00Z'));
    expect(await weeklyReportJob.run(app.services)).toEqual({ week: '2026-W48', sent: 1 });
    const events = await app.services.db.query<{ subjectId: string; payload: Json }>(
      `SELECT subject_id AS "subjectId", payload FROM events WHERE workspace_id = $1 AND action = 'report.weekly_sent' ORDER BY seq`,
      [app.workspaceId],
    );
    expect(events.map((e) => [e.subjectId, e.payload.notifications])).toEqual([
      ['2026-W47', 1],
      ['2026-W48', 1],
    ]);
  });
});

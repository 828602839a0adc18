import { createHmac } from 'node:crypto';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { systemActor } from '../../platform/events/index.js';
import {
  type DeadLetter,
  deliverDueEffects,
  type EffectDetail,
  getEffect,
  type OutboxPolicy,
} from '../../platform/outbox/index.js';
import { type ManualClock, manualClock } from '../../platform/testing/manual-clock.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createNotificationEndpoint, disableNotificationEndpoint } from './notification-endpoints.js';
import { notify } from './notify.js';
import { type Notification, slackMessageOf } from './slack-message.js';
import { startWebhookReceiver, type WebhookReceiver } from './test-support/webhook-receiver.js';
import { WEBHOOK_NOTIFICATION, webhookNotificationHandler } from './webhook-notification-handler.js';

// Notifications end to end: notify() in a transaction, the delivery loop, and a real HTTP
// receiver that fails, throttles, stalls or refuses as each test scripts it.

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const SECRET = 'a-signing-secret-of-some-length';
const policy: OutboxPolicy = {
  leaseMs: 30_000,
  backoff: { baseMs: 1_000, capMs: 60_000 },
  defaultMaxAttempts: 4,
};

describe.each(targets)('webhook notifications on $name', (target) => {
  let handle: TestDatabase;
  let db: Database;
  let clock: ManualClock;
  let workspaceId: string;
  let receiver: WebhookReceiver;
  let deadLetters: DeadLetter[];

  beforeAll(async () => {
    handle = await target.open();
    db = handle.db;
  });
  afterAll(() => handle.dispose());
  afterEach(async () => {
    // The delivery loop serves every workspace: a test leaves nothing unfinished behind.
    const unfinished = await db.query(`SELECT id FROM outbox WHERE status IN ('pending', 'delivering')`);
    expect(unfinished).toEqual([]);
    await receiver.close();
  });

  const ctx = () => ({ workspaceId, actor: systemActor('test') });

  const fresh = async () => {
    clock = manualClock();
    deadLetters = [];
    receiver = await startWebhookReceiver();
    workspaceId = await createTestWorkspace(db);
    return createNotificationEndpoint({ db, clock }, ctx(), {
      name: 'Ops channel',
      url: receiver.url,
      secret: SECRET,
    });
  };

  const notification = (key = 'escalation:e1:opened'): Notification => ({
    key,
    orderingKey: 'e1',
    title: 'Escalation opened',
    text: 'Ticket ZD-1 has waited 4 hours for a category.',
    fields: [{ label: 'Owner', value: 'Dana Lee' }],
    occurredAt: clock.now(),
  });

  const handlers = (timeoutMs = 2_000) => ({
    [WEBHOOK_NOTIFICATION]: webhookNotificationHandler({ db, clock, timeoutMs }),
  });

  const deliver = (timeoutMs?: number) =>
    deliverDueEffects(db, handlers(timeoutMs), {
      workerId: 'test-worker',
      clock,
      policy,
      random: () => 0.5,
      onDeadLetter: async (_tx, deadLetter) => void deadLetters.push(deadLetter),
    });

  /** Runs the loop until every effect is finished, moving the clock to each next attempt. */
  const drain = async (timeoutMs?: number) => {
    for (let round = 0; round < 20; round++) {
      await deliver(timeoutMs);
      const [next] = await db.query<{ at: Date | null }>(
        `SELECT min(next_attempt_at) AS at FROM outbox WHERE workspace_id = $1 AND status = 'pending'`,
        [workspaceId],
      );
      if (!next?.at) return;
      if (next.at > clock.now()) clock.set(next.at);
    }
  };

  const effects = async (): Promise<EffectDetail[]> => {
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM outbox WHERE workspace_id = $1 ORDER BY seq',
      [workspaceId],
    );
    return Promise.all(
      rows.map((r) => getEffect(db, workspaceId, r.id, policy.defaultMaxAttempts)),
    ) as Promise<EffectDetail[]>;
  };

  it('retries a receiver that fails twice, then delivers once: a signed Slack body, one key, three attempts', async () => {
    const endpoint = await fresh();
    receiver.answer({ status: 500, body: 'oops' }, { status: 503 });
    const sent = notification();
    expect(await db.transaction((tx) => notify(tx, workspaceId, sent))).toBe(1);
    await drain();

    const [effect] = await effects();
    expect(effect).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(effect!.attemptHistory.map((a) => [a.attempt, a.outcome, a.httpStatus, a.error])).toEqual([
      [1, 'retry', 500, 'HTTP 500: oops'],
      [2, 'retry', 503, 'HTTP 503'],
      [3, 'delivered', 200, null],
    ]);
    expect(receiver.requests).toHaveLength(3);
    const key = `escalation:e1:opened@${endpoint.id}`;
    for (const [i, { headers, body }] of receiver.requests.entries()) {
      expect(headers['content-type']).toBe('application/json');
      expect(headers['idempotency-key']).toBe(key);
      expect(headers['x-triage-delivery']).toBe(effect!.id);
      expect(headers['x-triage-attempt']).toBe(String(i + 1));
      const expected = createHmac('sha256', SECRET)
        .update(`${headers['x-triage-timestamp']}.${body}`)
        .digest('hex');
      expect(headers['x-triage-signature']).toBe(`sha256=${expected}`);
      expect(JSON.parse(body)).toEqual(slackMessageOf(sent));
    }
    expect([...receiver.applied.keys()]).toEqual([key]);
    expect(deadLetters).toEqual([]);
  });

  it('never drops a notification to an endpoint that always fails: retries, a dead letter, its event, the hook once', async () => {
    await fresh();
    receiver.otherwise({ status: 502, body: 'Bad Gateway' });
    await db.transaction((tx) => notify(tx, workspaceId, notification()));
    await drain();

    const [effect] = await effects();
    expect(receiver.requests).toHaveLength(policy.defaultMaxAttempts);
    expect(effect).toMatchObject({ status: 'dead', attempts: 4, lastError: 'HTTP 502: Bad Gateway' });
    expect(effect!.attemptHistory.map((a) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      id: effect!.id,
      kind: WEBHOOK_NOTIFICATION,
      workspaceId,
      attempt: 4,
      httpStatus: 502,
      lastError: 'HTTP 502: Bad Gateway',
    });
    const events = await db.query('SELECT action FROM events WHERE subject_id = $1', [effect!.id]);
    expect(events).toEqual([{ action: 'outbox.dead_lettered' }]);
    await deliver();
    expect(deadLetters).toHaveLength(1);
  });

  it('waits as long as a 429 answer asks (Retry-After) before trying again', async () => {
    await fresh();
    receiver.answer({ status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    await db.transaction((tx) => notify(tx, workspaceId, notification()));
    const throttledAt = clock.now();
    expect(await deliver()).toMatchObject({ retried: 1 });
    const [waiting] = await effects();
    expect(waiting!.nextAttemptAt.getTime() - throttledAt.getTime()).toBe(120_000);
    clock.advance(60_000);
    expect((await deliver()).claimed).toBe(0);
    clock.advance(60_000);
    expect(await deliver()).toMatchObject({ delivered: 1 });
    expect(receiver.requests).toHaveLength(2);
  });

  it('makes a refused request (4xx) a dead letter at once, without retrying', async () => {
    await fresh();
    receiver.answer({ status: 400, body: 'invalid_payload' });
    await db.transaction((tx) => notify(tx, workspaceId, notification()));
    expect(await deliver()).toMatchObject({ claimed: 1, dead: 1 });
    const [effect] = await effects();
    expect(effect).toMatchObject({ status: 'dead', attempts: 1, lastError: 'HTTP 400: invalid_payload' });
    expect(receiver.requests).toHaveLength(1);
    expect(deadLetters).toHaveLength(1);
  });

  it('retries a receiver that took the request but never answered; the receiver applies it once', async () => {
    await fresh();
    receiver.answer('hold');
    await db.transaction((tx) => notify(tx, workspaceId, notification()));
    expect(await deliver(300)).toMatchObject({ retried: 1 });
    const [timedOut] = await effects();
    expect(timedOut!.lastError).toBe('No answer in time (the request was aborted).');
    await drain(300);
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.applied.size).toBe(1);
    expect((await effects())[0]!.status).toBe('delivered');
  });

  it('notifies each enabled endpoint once per key; a disabled endpoint gets nothing more', async () => {
    const first = await fresh();
    clock.advance(1_000);
    const unreachable = await createNotificationEndpoint({ db, clock }, ctx(), {
      name: 'Gone',
      url: `http://127.0.0.1:${await closedPort()}/hook`,
    });
    expect(await db.transaction((tx) => notify(tx, workspaceId, notification('k1')))).toBe(2);
    expect(await db.transaction((tx) => notify(tx, workspaceId, notification('k1')))).toBe(0);
    expect(await deliver()).toMatchObject({ delivered: 1, retried: 1 });
    const refused = (await effects()).find((e) => e.status === 'pending')!;
    expect(refused.lastError).toBe('Network error: ECONNREFUSED');

    await disableNotificationEndpoint({ db, clock }, ctx(), unreachable.id);
    await drain();
    const afterDisable = await effects();
    expect(afterDisable.map((e) => [e.status, e.lastError])).toEqual([
      ['delivered', null],
      ['dead', 'The notification endpoint is disabled.'],
    ]);
    expect(await db.transaction((tx) => notify(tx, workspaceId, notification('k2')))).toBe(1);
    await drain();
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      `k1@${first.id}`,
      `k2@${first.id}`,
    ]);
  });
});

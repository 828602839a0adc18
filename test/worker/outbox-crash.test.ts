import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationEndpoint, notify } from '../../src/modules/notifications/index.js';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/modules/notifications/test-support/webhook-receiver.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { type Database, one } from '../../src/platform/db/database.js';
import { systemActor } from '../../src/platform/events/index.js';
import { type EffectDetail, getEffect } from '../../src/platform/outbox/index.js';
import { createTestWorkspace } from '../../src/platform/testing/test-workspace.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';

// A worker killed in the middle of a delivery: the real `triage worker` as a child process
// on PostgreSQL (PGlite is one process), SIGKILLed while the receiver holds its request.
// A second worker process takes over once the lease expires and delivers; the receiver,
// de-duplicating on Idempotency-Key, applies the effect once.

const { targets } = await databaseTargets();
const postgres = targets.find((t) => t.name === 'postgres');
if (!postgres)
  console.warn('Worker crash test skipped: it needs PostgreSQL (two processes on one database).');

const bin = fileURLToPath(new URL('../../bin/triage.js', import.meta.url));
const LEASE_MS = 4_000;

describe.skipIf(!postgres)('a worker killed mid-delivery', () => {
  let handle: TestDatabase;
  let db: Database;
  let receiver: WebhookReceiver;
  let workspaceId: string;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: handle.url,
        TRIAGE_DEMO: 'false',
        TRIAGE_ADMIN_PASSWORD: 'crash test password',
        TRIAGE_OUTBOX_POLL_MS: '100',
        TRIAGE_OUTBOX_LEASE_MS: String(LEASE_MS),
        TRIAGE_WEBHOOK_TIMEOUT_MS: String(LEASE_MS / 2),
        LOG_LEVEL: 'silent',
        TRIAGE_URL: '',
        TRIAGE_API_KEY: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    children.push(child);
    return { child, exited, stderr: () => stderr };
  };

  const effect = async (): Promise<EffectDetail> => {
    const { id } = await one<{ id: string }>(db, 'SELECT id FROM outbox WHERE workspace_id = $1', [
      workspaceId,
    ]);
    return (await getEffect(db, workspaceId, id, loadConfig({}).outboxMaxAttempts))!;
  };

  const within = async <T>(ms: number, what: () => string, promise: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what()}: nothing after ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  beforeAll(async () => {
    handle = await postgres!.open();
    db = handle.db;
    receiver = await startWebhookReceiver();
    workspaceId = await createTestWorkspace(db);
    const ctx = { workspaceId, actor: systemActor('test') };
    await createNotificationEndpoint({ db, clock: systemClock }, ctx, { name: 'Ops', url: receiver.url });
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver?.close();
    await handle?.dispose();
  });

  it('delivers after the restart, exactly once at the receiver, and never while the lease holds', async () => {
    await db.transaction((tx) =>
      notify(tx, workspaceId, {
        key: 'escalation:crash:opened',
        orderingKey: 'crash',
        title: 'Escalation opened',
        text: 'A ticket needs its owner.',
        occurredAt: new Date(),
      }),
    );
    receiver.answer('hold');
    const firstArrived = receiver.nextRequest();
    const first = startWorker();
    await within(30_000, () => `first worker's delivery (stderr: ${first.stderr()})`, firstArrived);
    const firstAt = Date.now();
    const claimed = await effect();
    expect(claimed).toMatchObject({ status: 'delivering', attempts: 1 });

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const secondArrived = receiver.nextRequest();
    const second = startWorker();
    await within(30_000, () => `second worker's delivery (stderr: ${second.stderr()})`, secondArrived);
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(LEASE_MS - 500);
    for (let i = 0; i < 50 && (await effect()).status !== 'delivered'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const delivered = await effect();
    expect(delivered.status).toBe('delivered');
    expect(delivered.attemptHistory.map((a) => a.outcome)).toEqual(['abandoned', 'delivered']);
    expect(delivered.attemptHistory[0]!.workerId).toBe(claimed.lockedBy);
    expect(delivered.attemptHistory[1]!.workerId).not.toBe(claimed.lockedBy);
    expect(receiver.requests.map((r) => r.headers['x-triage-attempt'])).toEqual(['1', '2']);
    const keys = receiver.requests.map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(1);
    expect(receiver.applied.size).toBe(1);
  }, 90_000);
});

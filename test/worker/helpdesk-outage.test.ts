import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  signedGenericHeaders,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { TEST_ENCRYPTION_KEY } from '../../src/platform/testing/test-app.js';
import { databaseTargets } from '../../src/platform/testing/test-databases.js';
import { type ConnectorHarness, startConnectorHarness } from '../http/connector-harness.js';

// A helpdesk outage across a worker restart: real `triage worker` processes on PostgreSQL
// deliver write-backs to a helpdesk that answers 503 with Retry-After for a while; the first
// worker is SIGKILLed mid-way and a second one finishes. Every write lands once, in order per
// ticket, and none is lost.

const { targets } = await databaseTargets();
const postgres = targets.find((t) => t.name === 'postgres');
if (!postgres)
  console.warn('Helpdesk outage test skipped: it needs PostgreSQL (several processes on one database).');

const bin = fileURLToPath(new URL('../../bin/triage.js', import.meta.url));
const SECRET = 'outage test inbound secret';
const TICKETS = ['O-1', 'O-2', 'O-3'];

describe.skipIf(!postgres)('helpdesk write-back through an outage and a worker restart', () => {
  let desk: GenericHelpdesk;
  let h: ConnectorHarness;
  const children: ChildProcess[] = [];

  const startWorker = () => {
    const child = spawn(process.execPath, [bin, 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: h.handle.url,
        TRIAGE_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        TRIAGE_DEMO: 'false',
        TRIAGE_ADMIN_PASSWORD: 'outage test password',
        TRIAGE_OUTBOX_POLL_MS: '100',
        TRIAGE_OUTBOX_LEASE_MS: '4000',
        TRIAGE_WEBHOOK_TIMEOUT_MS: '2000',
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
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    children.push(child);
    return { child, exited, stderr: () => stderr };
  };

  const waitFor = async (what: string, check: () => Promise<boolean> | boolean, ms = 30_000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`${what}: not after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    desk = await startGenericHelpdesk();
    h = await startConnectorHarness(postgres!, (categories) => ({
      kind: 'generic',
      name: 'Desk',
      baseUrl: desk.url,
      credentials: { token: desk.token },
      inboundSecret: SECRET,
      integrationUser: GENERIC_INTEGRATION_USER,
      rateLimitPerMinute: 600,
      categoryMapping: categories.map((c) => ({ categoryId: c.id, value: c.name })),
    }));
  }, 120_000);

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await h?.close();
    await desk?.close();
  });

  it('delivers every write once, in order per ticket, across the outage and the restart', async () => {
    for (const id of TICKETS) {
      desk.tickets.set(id, {
        id,
        subject: h.clearTicket.subject,
        category: null,
        tags: [],
        group: null,
        assignee: null,
        notes: [],
      });
      const raw = JSON.stringify({
        id: `evt-${id}`,
        type: 'ticket.created',
        ticket: { id, ...h.clearTicket },
      });
      expect((await h.deliver(raw, signedGenericHeaders(SECRET, raw, new Date()))).status).toBe(202);
    }
    const effects = await h.writeBacks();
    expect(effects).toHaveLength(TICKETS.length * 2);

    // Down for the first six requests; then up.
    desk.server.outage(6, { status: 503, headers: { 'retry-after': '1' }, body: { error: 'maintenance' } });
    const first = startWorker();
    await waitFor(`first worker's writes (stderr: ${first.stderr()})`, () => desk.writes.length >= 2);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = startWorker();
    await waitFor(
      `second worker finishing (stderr: ${second.stderr()})`,
      async () => (await h.writeBacks()).every((e) => e.status === 'delivered'),
      60_000,
    );
    second.child.kill('SIGTERM');
    await second.exited;

    for (const id of TICKETS) {
      expect(desk.writes.filter((w) => w.ticketId === id).map((w) => w.what)).toEqual([
        `category=${h.billing.name}`,
        'note',
      ]);
      expect(desk.tickets.get(id)!.notes).toHaveLength(1);
    }
    const outageAnswers = desk.server.requests.length - desk.writes.length;
    expect(outageAnswers).toBeGreaterThanOrEqual(6);
    const after = await h.writeBacks();
    expect(after.some((e) => e.deferrals > 0)).toBe(true);
  }, 120_000);
});

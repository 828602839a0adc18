import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServices } from '../../src/composition.js';
import { firstStart } from '../../src/first-start.js';
import { createCategory } from '../../src/modules/categories/index.js';
import { createConnection } from '../../src/modules/integrations/connections-service.js';
import {
  GENERIC_INTEGRATION_USER,
  type GenericHelpdesk,
  startGenericHelpdesk,
} from '../../src/modules/integrations/generic/test-support/generic-helpdesk.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { systemActor } from '../../src/platform/events/index.js';
import { runTriage } from './run-triage.js';

// `triage backfill` as a user runs it without a server: it reads the pages itself, shows
// progress and a summary, and a second run imports nothing new.

let dir: string;
let dataDir: string;
let desk: GenericHelpdesk;

const triage = (...args: string[]) =>
  runTriage(args, {
    cwd: dir,
    env: { ...process.env, TRIAGE_DATA_DIR: dataDir, PORT: '9', TRIAGE_URL: '', TRIAGE_API_KEY: '' },
  });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'triage-backfill-'));
  dataDir = path.join(dir, 'data');
  desk = await startGenericHelpdesk();
  const recent = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  desk.addPastTicket('T-1', recent(40), 'Billing', { id: 'u-1' });
  desk.addPastTicket('T-2', recent(30), 'Login', { id: 'u-2' });
  desk.addPastTicket('T-3', recent(20), 'Billing', { id: GENERIC_INTEGRATION_USER.id });
  desk.addPastTicket('T-4', recent(10), null, null);
  desk.addPastTicket('T-old', recent(400), 'Billing', { id: 'u-1' });
  const services = await createServices(loadConfig({ TRIAGE_DATA_DIR: dataDir, TRIAGE_DEMO: 'false' }));
  await firstStart(services);
  const [ws] = await services.db.query<{ id: string }>('SELECT id FROM workspaces');
  const ctx = { workspaceId: ws!.id, actor: systemActor('test') };
  const billing = await createCategory(services, ctx, { name: 'Billing' });
  const login = await createCategory(services, ctx, { name: 'Login' });
  await createConnection({ ...services, helpdeskTimeoutMs: 5_000 }, ctx, {
    kind: 'generic',
    name: 'Desk',
    baseUrl: desk.url,
    credentials: { token: desk.token },
    inboundSecret: 'an inbound secret of some length',
    integrationUser: GENERIC_INTEGRATION_USER,
    rateLimitPerMinute: 60,
    categoryMapping: [
      { categoryId: billing.id, value: 'Billing' },
      { categoryId: login.id, value: 'Login' },
    ],
    writeSuggestionsAsNote: false,
    settings: {},
  });
  await services.db.close();
}, 120_000);

afterAll(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('backfills a connection in the foreground and summarises what it imported', async () => {
  const first = await triage('backfill', 'desk', '--months', '12');
  // (The progress bar draws on a terminal only; a child process has none.)
  expect(first.stdout).toMatch(/Backfill done after 1 page/);
  expect(first.stdout).toMatch(/read: +4 of 4/);
  expect(first.stdout).toMatch(/imported: +3 \(2 as labels, 1 AI provenance\)/);
  expect(first.stdout).toMatch(/not imported: +1 uncategorised, 0 unmapped value, 0 rejected/);
  expect(first.code).toBe(0);

  const again = await triage('backfill', 'Desk', '--months', '12');
  expect(again.stdout).toMatch(/imported: +0 \(0 as labels, 0 AI provenance\)/);
  expect(again.stdout).toMatch(/already known: +3/);
}, 120_000);

it('names the connections it knows when the one asked for does not exist', async () => {
  const result = await triage('backfill', 'Nope', '--months', '3');
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/No connection "Nope" \(connections: Desk\)/);
}, 60_000);

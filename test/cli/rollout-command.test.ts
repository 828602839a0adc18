import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixedHistory, writeFixedHistory } from '../../src/modules/metrics/testing/fixed-history.js';
import { one } from '../../src/platform/db/database.js';
import { databaseTargets, type TestDatabase } from '../../src/platform/testing/test-databases.js';
import { createTestWorkspace } from '../../src/platform/testing/test-workspace.js';
import { runTriage } from './run-triage.js';

// `triage rollout status|request|approve|rollback` as a user runs them: child processes on the
// database directly (PostgreSQL, which a second process can open while the test holds it), acting
// as the member named by --as, with the permission and no-self-approval rules of the API.

const { targets } = await databaseTargets();
const postgres = targets.find((t) => t.name === 'postgres');

describe.skipIf(!postgres)('triage rollout on the database directly', () => {
  let handle: TestDatabase;
  let w: FixedHistory;
  let slug: string;
  let cwd: string;

  const triage = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: handle.url, LOG_LEVEL: 'silent' };
    // Nobody listens on port 9: the CLI must not find another process's server and use it.
    Object.assign(env, { PORT: '9', TRIAGE_DATA_DIR: path.join(cwd, 'data'), TRIAGE_DEMO: 'false' });
    delete env.TRIAGE_URL;
    delete env.TRIAGE_API_KEY;
    return runTriage([...args, '--workspace', slug], { cwd, env });
  };

  beforeAll(async () => {
    cwd = mkdtempSync(path.join(tmpdir(), 'triage-rollout-cli-'));
    handle = await postgres!.open();
    const workspaceId = await createTestWorkspace(handle.db);
    slug = (
      await one<{ slug: string }>(handle.db, 'SELECT slug FROM workspaces WHERE id = $1', [workspaceId])
    ).slug;
    w = await writeFixedHistory(handle.db, workspaceId);
    for (const [email, name] of [
      ['lee@example.com', 'Lee Lead'],
      ['lena@example.com', 'Lena Lead'],
    ]) {
      const { id } = await one<{ id: string }>(
        handle.db,
        'INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id',
        [email, name],
      );
      await handle.db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'lead')`, [
        workspaceId,
        id,
      ]);
    }
  }, 120_000);
  afterAll(async () => {
    await handle?.dispose();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('shows each category’s stage per cohort', async () => {
    const r = await triage('rollout', 'status');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Control (control): 0 people');
    expect(r.stdout).toMatch(/Billing\n {2}Pilot +off +→ shadow: gates pass/);
  });

  it('lets a lead request and another lead approve; refuses agents, strangers and self-approval', async () => {
    const agent = await triage(
      'rollout',
      'request',
      'pilot',
      'billing',
      '--as',
      `ann-${w.workspaceId}@example.com`,
    );
    expect(agent.code).toBe(4);
    expect(agent.stderr).toContain('Ann (agent) may not do this: it needs rollout:approve');
    expect((await triage('rollout', 'request', 'Nope', 'Billing', '--as', 'lee@example.com')).code).toBe(2);
    expect((await triage('rollout', 'request', 'Pilot', 'Billing')).stderr).toContain('--as');

    const asked = await triage('rollout', 'request', 'Pilot', 'Billing', '--as', 'lee@example.com');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(
      /step up [0-9a-f-]{36}: Pilot × Billing off → shadow, waiting for 1 approval by someone other than Lee Lead/,
    );

    const own = await triage('rollout', 'approve', 'Pilot', 'Billing', '--as', 'LEE@example.com');
    expect(own.code).toBe(4);
    expect(own.stderr).toContain('someone else must approve it');

    const approved = await triage('rollout', 'approve', 'Pilot', 'Billing', '--as', 'lena@example.com');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe('Pilot × Billing is at shadow now\n');
    const stage = await one<{ stage: string }>(
      handle.db,
      'SELECT stage FROM rollout_stages WHERE workspace_id = $1 AND cohort_id = $2 AND category_id = $3',
      [w.workspaceId, w.pilot, w.B],
    );
    expect(stage.stage).toBe('shadow');
  });

  it('refuses a step up whose gates do not pass, with its own exit code', async () => {
    // Into suggest, the default gates ask for 200 decided tickets; the pilot has three Billing ones.
    const r = await triage('rollout', 'request', 'Pilot', 'Billing', '--as', 'lee@example.com');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('The gates into suggest do not pass yet: decided tickets');
  });

  it('rolls a stage back by hand with the reason, as an event by the person', async () => {
    const r = await triage(
      'rollout',
      'rollback',
      'Pilot',
      'Billing',
      '--reason',
      'Complaints',
      '--as',
      'lena@example.com',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Pilot × Billing rolled back from shadow to off\n');
    const event = await one<{ actorName: string; payload: Record<string, unknown> }>(
      handle.db,
      `SELECT actor_name AS "actorName", payload FROM events WHERE workspace_id = $1 AND action = 'rollout.rolled_back'`,
      [w.workspaceId],
    );
    expect(event).toMatchObject({
      actorName: 'Lena Lead',
      payload: { from: 'shadow', to: 'off', reason: 'Complaints', manual: true },
    });
    const status = await triage('rollout', 'status');
    expect(status.stdout).toContain('rolled back: Complaints');
    const again = await triage(
      'rollout',
      'rollback',
      'Pilot',
      'Billing',
      '--reason',
      'x',
      '--as',
      'lena@example.com',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('off already');
  });
});

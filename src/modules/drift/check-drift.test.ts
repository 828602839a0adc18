import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, one, type Sql } from '../../platform/db/database.js';
import { systemActor } from '../../platform/events/index.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { resolveDriftAlert } from './act-on-drift-alert.js';
import { checkDrift, DRIFT_DEFAULTS } from './check-drift.js';
import { driftCheckJob } from './drift-check-job.js';
import { setDriftOwner } from './drift-owner-setting.js';
import { listDriftAlerts } from './drift-read-model.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

const HOUR = 3_600_000;
const NOW = new Date('2026-03-10T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR);

interface World {
  workspaceId: string;
  adminId: string;
  olgaId: string;
  modelId: string;
  categories: string[];
}

/** A workspace with an admin, Olga, eight categories (Olga owns the last), and a champion trained on an even mix. */
async function world(sql: Sql): Promise<World> {
  const workspaceId = await createTestWorkspace(sql);
  const person = async (name: string, role: string) => {
    const { id } = await one<{ id: string }>(
      sql,
      'INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id',
      [`${name.toLowerCase()}-${randomUUID()}@example.com`, name],
    );
    await sql.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
      workspaceId,
      id,
      role,
    ]);
    return id;
  };
  const adminId = await person('Admin', 'admin');
  const olgaId = await person('Olga', 'lead');
  const categories: string[] = [];
  for (let i = 0; i < 8; i++) {
    const { id } = await one<{ id: string }>(
      sql,
      'INSERT INTO categories (workspace_id, key, name, owner_user_id) VALUES ($1, $2, $3, $4) RETURNING id',
      [workspaceId, `c${i}`, `Category ${i}`, i === 7 ? olgaId : null],
    );
    categories.push(id);
  }
  // 50 labelled tickets per category up to the watermark; later labels are not the model's.
  for (const categoryId of categories) {
    for (let n = 0; n < 50; n++) {
      const ticketId = await ticket(sql, workspaceId, `history-${categoryId}-${n}`, 'history');
      await sql.query(
        `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type) VALUES ($1, $2, $3, 'import', 'system')`,
        [workspaceId, ticketId, categoryId],
      );
    }
  }
  const { watermark } = await one<{ watermark: number }>(
    sql,
    'SELECT max(seq)::float8 AS watermark FROM labels WHERE workspace_id = $1',
    [workspaceId],
  );
  const { id: modelId } = await one<{ id: string }>(
    sql,
    `INSERT INTO models (workspace_id, version, status, algorithm, label_watermark, training_summary, artifact, created_by_type)
     VALUES ($1, 1, 'champion', 'test', $2, '{}', '\\x00', 'system') RETURNING id`,
    [workspaceId, watermark],
  );
  return { workspaceId, adminId, olgaId, modelId, categories };
}

async function ticket(sql: Sql, workspaceId: string, externalId: string, subject: string, body = '') {
  const { id } = await one<{ id: string }>(
    sql,
    `INSERT INTO tickets (workspace_id, source, external_id, subject, body, content_hash)
     VALUES ($1, 'test', $2, $3, $4, $2) RETURNING id`,
    [workspaceId, externalId, subject, body],
  );
  return id;
}

/** A decided ticket: the champion's prediction and the decision, at a time. */
async function decided(
  sql: Sql,
  w: World,
  d: {
    at: Date;
    categoryId: string;
    confidence: number;
    outOfScope?: boolean;
    subject?: string;
    body?: string;
  },
) {
  const ticketId = await ticket(sql, w.workspaceId, randomUUID(), d.subject ?? 'A ticket', d.body ?? '');
  const { id: predictionId } = await one<{ id: string }>(
    sql,
    `INSERT INTO predictions (workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked,
       explanation, created_at)
     VALUES ($1, $2, $3, 1, $4, $5, '[]', '{}', $6) RETURNING id`,
    [w.workspaceId, ticketId, w.modelId, d.categoryId, d.confidence, d.at],
  );
  const inputs = {
    confidence: d.confidence,
    suggestThreshold: 0.35,
    outOfScopeScore: d.outOfScope ? 0.9 : 0.1,
    outOfScopeCutoff: 0.5,
  };
  await sql.query(
    `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
       rule, reason, inputs, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 1, 'test', $7, $8::jsonb, $9)`,
    [
      w.workspaceId,
      ticketId,
      predictionId,
      d.outOfScope || d.confidence < 0.35 ? 'needs_review' : 'suggested',
      d.categoryId,
      d.confidence,
      d.outOfScope ? 'out_of_scope' : d.confidence < 0.35 ? 'low_confidence' : null,
      json(inputs),
      d.at,
    ],
  );
  return ticketId;
}

/** `n` ordinary decisions spread evenly over the categories, `hours` hours ago. */
async function ordinary(sql: Sql, w: World, n: number, hours: number, confidence: number) {
  for (let i = 0; i < n; i++) {
    await decided(sql, w, { at: hoursAgo(hours), categoryId: w.categories[i % 8]!, confidence });
  }
}

const eventsOf = (sql: Sql, workspaceId: string, action: string) =>
  sql.query<{ subjectId: string; payload: Record<string, unknown>; actorName: string }>(
    `SELECT subject_id AS "subjectId", payload, actor_name AS "actorName" FROM events
      WHERE workspace_id = $1 AND action = $2 ORDER BY seq`,
    [workspaceId, action],
  );

describe.each(targets)('drift check on $name', (target) => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.dispose();
  });

  it('raises a confidence drop once, keeps one live alert, and closes it with an event when confidence recovers', async () => {
    const { db } = handle;
    const w = await world(db);
    // A week of confident decisions, then a day at 0.55.
    for (let day = 1; day <= 7; day++) await ordinary(db, w, 16, day * 24 + 1, 0.85);
    await ordinary(db, w, 40, 2, 0.55);
    const first = await checkDrift({ db }, w.workspaceId, NOW);
    expect(first.opened).toBe(1);
    const second = await checkDrift({ db }, w.workspaceId, NOW);
    expect(second).toEqual({ opened: 0, updated: 0, resolved: 0 });
    const { items } = await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'confidence_drop',
      severity: 'critical',
      owner: { id: w.adminId, name: 'Admin' },
      ownerReason: 'admin: no drift owner is set',
      figures: { current: 0.55, baseline: 0.85, threshold: 0.1, sample: 40, baselineSample: 112 },
    });
    expect(items[0]!.figures!.series).toHaveLength(DRIFT_DEFAULTS.windows);

    // A day later the new decisions are confident again: the current window is steady.
    const later = new Date(NOW.getTime() + 24 * HOUR);
    for (let i = 0; i < 40; i++) {
      await decided(db, w, {
        at: new Date(later.getTime() - HOUR),
        categoryId: w.categories[i % 8]!,
        confidence: 0.85,
      });
    }
    expect(await checkDrift({ db }, w.workspaceId, later)).toMatchObject({ opened: 0, resolved: 1 });
    const resolved = await listDriftAlerts(db, w.workspaceId, { status: 'resolved', limit: 10 });
    expect(resolved.items[0]).toMatchObject({ id: items[0]!.id, resolvedAutomatically: true });
    const events = await eventsOf(db, w.workspaceId, 'drift.alert_resolved');
    expect(events).toEqual([
      expect.objectContaining({
        subjectId: items[0]!.id,
        actorName: 'Triage drift watch',
        payload: expect.objectContaining({ automatic: true }),
      }),
    ]);
  });

  it('stays quiet on a steady stream: no alert for confidence, out of scope or the category mix', async () => {
    const { db } = handle;
    const w = await world(db);
    for (let day = 0; day <= 7; day++) await ordinary(db, w, 150, day * 24 + 1, 0.8);
    expect(await checkDrift({ db }, w.workspaceId, NOW)).toEqual({ opened: 0, updated: 0, resolved: 0 });
  });

  it('raises an out-of-scope rise and a category mix shift owned by the surging category’s owner, or by the drift owner once set', async () => {
    const { db } = handle;
    const w = await world(db);
    for (let day = 1; day <= 7; day++) await ordinary(db, w, 16, day * 24 + 1, 0.8);
    // Today: 200 decisions, 120 of them in Olga's category 7 (12.5 % in training), 30 out of scope.
    await ordinary(db, w, 80, 2, 0.8);
    for (let i = 0; i < 120; i++) {
      await decided(db, w, {
        at: hoursAgo(2),
        categoryId: w.categories[7]!,
        confidence: 0.8,
        outOfScope: i < 30,
      });
    }
    expect((await checkDrift({ db }, w.workspaceId, NOW)).opened).toBe(2);
    const { items } = await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 });
    // The thirty out-of-scope tickets all read "A ticket", but the model is fairly sure they are
    // category 7: a group the model knows is no candidate new category.
    expect(items.map((a) => a.kind).sort()).toEqual(['category_mix', 'out_of_scope_rise']);
    const mix = items.find((a) => a.kind === 'category_mix')!;
    expect(mix).toMatchObject({
      severity: 'critical',
      category: { id: w.categories[7], name: 'Category 7' },
      owner: { id: w.olgaId, name: 'Olga' },
      ownerReason: 'owner of category Category 7',
    });
    expect(mix.figures!.movers![0]).toMatchObject({
      categoryName: 'Category 7',
      expectedShare: 0.125,
      actualShare: 0.65,
    });
    const oos = items.find((a) => a.kind === 'out_of_scope_rise')!;
    expect(oos.figures).toMatchObject({ current: 0.15, baseline: 0 });

    // With a drift owner set, the next alert is hers whatever it is about.
    await setDriftOwner(
      { db, clock: { now: () => NOW } },
      { workspaceId: w.workspaceId, actor: systemActor('test'), userId: null },
      w.adminId,
    );
    await db.query(`UPDATE drift_alerts SET status = 'resolved', resolved_at = $2 WHERE workspace_id = $1`, [
      w.workspaceId,
      NOW,
    ]);
    await checkDrift({ db }, w.workspaceId, NOW);
    const again = await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 });
    expect(again.items.find((a) => a.kind === 'category_mix')).toMatchObject({
      owner: { id: w.adminId },
      ownerReason: 'drift owner of the workspace',
    });
  });

  it('opens one alert when checks run at once, and the worker job checks every workspace with a champion', async () => {
    const { db } = handle;
    const w = await world(db);
    for (let day = 1; day <= 7; day++) await ordinary(db, w, 16, day * 24 + 1, 0.85);
    await ordinary(db, w, 40, 2, 0.5);
    const results = await Promise.all([1, 2, 3].map(() => checkDrift({ db }, w.workspaceId, NOW)));
    expect(results.reduce((n, r) => n + r.opened, 0)).toBe(1);
    expect(await eventsOf(db, w.workspaceId, 'drift.alert_opened')).toHaveLength(1);

    // A second workspace drifts too; nobody has checked it yet. The job finds it.
    const w2 = await world(db);
    for (let day = 1; day <= 7; day++) await ordinary(db, w2, 16, day * 24 + 1, 0.85);
    await ordinary(db, w2, 40, 2, 0.5);
    const job = await driftCheckJob.run({ db, clock: { now: () => NOW }, drift: DRIFT_DEFAULTS });
    expect(job.opened).toBeGreaterThanOrEqual(1);
    expect((await listDriftAlerts(db, w2.workspaceId, { status: 'live', limit: 10 })).items).toHaveLength(1);
    expect(await eventsOf(db, w.workspaceId, 'drift.alert_opened')).toHaveLength(1);
  });

  it('raises a candidate new category from unmatched tickets, updates it as the topic grows, and does not raise it again once a person resolved it', async () => {
    const { db } = handle;
    const w = await world(db);
    const topic = (i: number) =>
      decided(db, w, {
        at: hoursAgo(3),
        // Scattered over categories at low confidence: the model has no idea.
        categoryId: w.categories[i % 4]!,
        confidence: 0.2,
        outOfScope: true,
        subject: `Carbon offset certificate for order ${i}`,
        body: 'Please send the carbon offset certificate for our shipment emissions report.',
      });
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await topic(i));
    expect((await checkDrift({ db }, w.workspaceId, NOW)).opened).toBe(1);
    const [alert] = (await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 })).items;
    expect(alert).toMatchObject({ kind: 'new_cluster', members: 5 });
    expect(alert!.figures!.topTerms).toEqual(expect.arrayContaining(['carbon', 'offset']));
    expect(alert!.examples.map((e) => e.ticketId).sort()).toEqual([...first].sort());

    // Two more arrive: the same alert grows.
    await topic(5);
    await topic(6);
    expect(await checkDrift({ db }, w.workspaceId, NOW)).toMatchObject({ opened: 0, updated: 1 });
    const grown = (await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 })).items;
    expect(grown).toHaveLength(1);
    expect(grown[0]).toMatchObject({ id: alert!.id, members: 7 });

    // A person resolves it (the category is being created); the same tickets do not raise it again.
    await resolveDriftAlert(
      { db, clock: { now: () => NOW } },
      { workspaceId: w.workspaceId, actor: systemActor('Olga'), userId: w.olgaId },
      alert!.id,
      'adding a Sustainability category',
    );
    expect(await checkDrift({ db }, w.workspaceId, NOW)).toEqual({ opened: 0, updated: 0, resolved: 0 });
    expect((await listDriftAlerts(db, w.workspaceId, { status: 'live', limit: 10 })).items).toEqual([]);
  });
});

import { json, one, type Sql } from '../../../platform/db/database.js';

// A small fixed history; the expected figures in metrics-history.test.ts (and the metrics API test)
// are worked out by hand from it.
// Now: Tue 2026-03-10 12:00 UTC. Ann is in the pilot cohort, Bob in the control cohort.
// Categories Billing (B), Shipping (S), Returns (R). A decision is taken when its ticket arrives.
//
// Week of Mon 2026-03-02:
//  T1 Mon 09:00 Ann  applied B 0.95; Ann accepts B at 09:10 (10 min)         → accepted, precision ✓
//  T2 Mon 10:00 —    suggested S 0.85; assigned to Ann at 10:05; Ann corrects to R at 10:30 (30 min),
//                    review item claimed 10:20, resolved 10:30 (10 handling min) → overridden, S→R
//  T3 Mon 11:00 Ann  suggested B 0.60; nobody acts                            → ignored
//  T4 Mon 12:00 Bob  control (stage off, predicted B 0.70); Bob labels B at 12:40, review 12:25→12:40
//  T5 Tue 09:00 Ann  shadow (predicted R 0.90); Ann labels S at 09:20, review 09:05→09:20 → R→S
//  T6 Tue 10:00 Ann  applied B 0.92; a helpdesk change to S on Thu 03-05 10:00 (48 h later)
//                    → ignored (nothing within 24 h), precision ✗, B→S
// Week of Mon 2026-03-09:
//  T7 Tue 11:00 Ann  suggested R 0.70, one hour old                            → pending
// Assignments (ticket_assignments): T1 Ann → unassigned 09:30 → Ann 09:40 (back to the same person:
// no hop); T2 unassigned → Ann 10:05; T3 Bob → Ann 11:15 (1 hop); T4 Bob → Ann 12:10 → Bob 12:20
// (2 hops); the others keep their arrival assignee. Live hops 1, baseline (T4, T5) 2.
export const FIXED_NOW = new Date('2026-03-10T12:00:00Z');
export const at = (s: string) => new Date(`2026-03-${s}Z`);

export interface FixedHistory {
  workspaceId: string;
  ann: string;
  bob: string;
  pilot: string;
  control: string;
  B: string;
  S: string;
  R: string;
  tickets: Record<string, string>;
}

async function insertId(sql: Sql, text: string, params: unknown[]): Promise<string> {
  return (await one<{ id: string }>(sql, `${text} RETURNING id`, params)).id;
}

/** Writes the history into `workspaceId` (which may hold other data: names are unique to it). */
export async function writeFixedHistory(sql: Sql, workspaceId: string): Promise<FixedHistory> {
  const person = async (name: string) => {
    const id = await insertId(sql, 'INSERT INTO users (email, name) VALUES ($1, $2)', [
      `${name}-${workspaceId}@example.com`,
      name,
    ]);
    await sql.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'agent')`, [
      workspaceId,
      id,
    ]);
    return id;
  };
  const ann = await person('Ann');
  const bob = await person('Bob');
  const cohort = (name: string, position: number, control: boolean) =>
    insertId(
      sql,
      'INSERT INTO rollout_cohorts (workspace_id, name, position, is_control, created_at) VALUES ($1, $2, $3, $4, $5)',
      [workspaceId, name, position, control, at('01T00:00:00')],
    );
  const pilot = await cohort('Pilot', 1, false);
  const control = await cohort('Control', 2, true);
  const category = (key: string, name: string) =>
    insertId(sql, 'INSERT INTO categories (workspace_id, key, name) VALUES ($1, $2, $3)', [
      workspaceId,
      key,
      name,
    ]);
  const B = await category('billing', 'Billing');
  const S = await category('shipping', 'Shipping');
  const R = await category('returns', 'Returns');
  const modelId = await insertId(
    sql,
    `INSERT INTO models (workspace_id, version, status, algorithm, training_summary, artifact, created_by_type)
     VALUES ($1, 9001, 'retired', 'test', '{}', '\\x00', 'system')`,
    [workspaceId],
  );
  // The workspace's default queue (a fresh test workspace has none yet).
  const existing = await sql.query<{ id: string }>(
    'SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default',
    [workspaceId],
  );
  const queueId =
    existing[0]?.id ??
    (await insertId(
      sql,
      `INSERT INTO review_queues (workspace_id, key, name, is_default) VALUES ($1, 'default', 'Default', true)`,
      [workspaceId],
    ));
  const email = (who: string | null) =>
    who === ann ? `ANN-${workspaceId}@example.com ` : who === bob ? `bob-${workspaceId}@example.com` : null;
  const w: FixedHistory = { workspaceId, ann, bob, pilot, control, B, S, R, tickets: {} };

  const ticket = async (
    name: string,
    t: {
      at: string;
      assignee: string | null;
      cohort: string;
      predicted: string;
      confidence: number;
      outcome: 'applied' | 'suggested' | 'needs_review';
      reason?: string;
      final: string | null;
    },
  ) => {
    const received = at(t.at);
    const ticketId = await insertId(
      sql,
      `INSERT INTO tickets (workspace_id, source, external_id, content_hash, assignee, received_at, category_id)
       VALUES ($1, 'test', $2, $2, $3, $4, $5)`,
      [workspaceId, name, email(t.assignee), received, t.final],
    );
    const predictionId = await insertId(
      sql,
      `INSERT INTO predictions (workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked, explanation, created_at)
       VALUES ($1, $2, $3, 1, $4, $5, '[]', '{"terms": [], "similar": []}', $6)`,
      [workspaceId, ticketId, modelId, t.predicted, t.confidence, received],
    );
    const shown = t.outcome !== 'needs_review';
    const decisionId = await insertId(
      sql,
      `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
         rule, reason, inputs, cohort_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'test', $7, $8::jsonb, $9, $10)`,
      [
        workspaceId,
        ticketId,
        predictionId,
        t.outcome,
        shown ? t.predicted : null,
        t.confidence,
        t.reason ?? null,
        json(
          t.reason === 'rollout_shadow' ? { shadowOutcome: 'applied', shadowCategoryId: t.predicted } : {},
        ),
        t.cohort,
        received,
      ],
    );
    w.tickets[name] = ticketId;
    return { ticketId, decisionId };
  };
  const label = (ticketId: string, categoryId: string, kind: string, who: string | null, when: string) =>
    sql.query(
      `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [workspaceId, ticketId, categoryId, kind, who ? 'user' : 'api_key', who, at(when)],
    );
  const review = (
    ref: { ticketId: string; decisionId: string },
    who: string,
    times: { created: string; claimed: string; resolved: string },
    category: string,
  ) =>
    sql.query(
      `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, resolved_by,
         created_at, resolved_at, queue_id, due_at, claimed_by, claimed_at, resolved_category_id)
       VALUES ($1, $2, $3, 'resolved', 'test', 'corrected', $4, $5, $6, $7, $5, $4, $8, $9)`,
      [
        workspaceId,
        ref.ticketId,
        ref.decisionId,
        who,
        at(times.created),
        at(times.resolved),
        queueId,
        at(times.claimed),
        category,
      ],
    );

  const t1 = await ticket('T1', {
    at: '02T09:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.95,
    outcome: 'applied',
    final: B,
  });
  await label(t1.ticketId, B, 'accept', ann, '02T09:10:00');

  const t2 = await ticket('T2', {
    at: '02T10:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: S,
    confidence: 0.85,
    outcome: 'suggested',
    final: R,
  });
  await sql.query('UPDATE tickets SET assignee = $2 WHERE id = $1', [t2.ticketId, email(ann)]);
  await sql.query(
    `INSERT INTO ticket_activities (workspace_id, ticket_id, source, event_id, kind, payload, content_hash, created_at)
     VALUES ($1, $2, 'test', 'assign-t2', 'update', $3::jsonb, 'h', $4)`,
    [workspaceId, t2.ticketId, json({ changes: { assignee: email(ann) } }), at('02T10:05:00')],
  );
  await label(t2.ticketId, R, 'correct', ann, '02T10:30:00');
  await review(t2, ann, { created: '02T10:00:00', claimed: '02T10:20:00', resolved: '02T10:30:00' }, R);

  await ticket('T3', {
    at: '02T11:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.6,
    outcome: 'suggested',
    final: null,
  });

  const t4 = await ticket('T4', {
    at: '02T12:00:00',
    assignee: bob,
    cohort: control,
    predicted: B,
    confidence: 0.7,
    outcome: 'needs_review',
    reason: 'rollout_off',
    final: B,
  });
  await label(t4.ticketId, B, 'correct', bob, '02T12:40:00');
  await review(t4, bob, { created: '02T12:00:00', claimed: '02T12:25:00', resolved: '02T12:40:00' }, B);

  const t5 = await ticket('T5', {
    at: '03T09:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: R,
    confidence: 0.9,
    outcome: 'needs_review',
    reason: 'rollout_shadow',
    final: S,
  });
  await label(t5.ticketId, S, 'correct', ann, '03T09:20:00');
  await review(t5, ann, { created: '03T09:00:00', claimed: '03T09:05:00', resolved: '03T09:20:00' }, S);

  const t6 = await ticket('T6', {
    at: '03T10:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.92,
    outcome: 'applied',
    final: S,
  });
  await label(t6.ticketId, S, 'helpdesk', null, '05T10:00:00');

  await ticket('T7', {
    at: '10T11:00:00',
    assignee: ann,
    cohort: pilot,
    predicted: R,
    confidence: 0.7,
    outcome: 'suggested',
    final: null,
  });
  const assign = (name: string, changes: [string | null, string | null, string][]) =>
    Promise.all(
      changes.map(([from, to, when]) =>
        sql.query(
          `INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [workspaceId, w.tickets[name], email(from), email(to), at(when)],
        ),
      ),
    );
  await assign('T1', [
    [null, ann, '02T09:00:00'],
    [ann, null, '02T09:30:00'],
    [null, ann, '02T09:40:00'],
  ]);
  await assign('T2', [[null, ann, '02T10:05:00']]);
  await assign('T3', [
    [null, bob, '02T11:00:00'],
    [bob, ann, '02T11:15:00'],
  ]);
  await assign('T4', [
    [null, bob, '02T12:00:00'],
    [bob, ann, '02T12:10:00'],
    [ann, bob, '02T12:20:00'],
  ]);
  await assign('T5', [[null, ann, '03T09:00:00']]);
  await assign('T6', [[null, ann, '03T10:00:00']]);
  await assign('T7', [[null, ann, '10T11:00:00']]);
  return w;
}

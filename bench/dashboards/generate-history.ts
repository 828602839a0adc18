import type { Database } from '../../src/platform/db/database.js';

// A year (or any span) of support work written set-based with generate_series: tickets assigned
// to 100 agents in four cohorts (pilot, wave 2, wave 3, control), the model's prediction and the
// decision the rollout stage of the agent's cohort allowed at that time (shadow → suggest → auto
// as each wave joins; the control cohort never sees the AI), review items with claim and
// resolution times, and the human labels that followed (accepts, corrections, late helpdesk
// changes, ignored suggestions). The rows have exactly the columns the product writes, so the
// rollups and dashboards read them as they read real data. Deterministic for a seed.

export interface GeneratedHistory {
  workspaceId: string;
  tickets: number;
  cohorts: string[];
  categories: string[];
}

const AGENTS = 100;
const CATEGORIES = 20;
// Cohort of agent a: 0..9 pilot, 10..29 wave 2, 30..79 wave 3, 80..99 control.
const cohortOf = (agent: string) =>
  `CASE WHEN ${agent} < 10 THEN 0 WHEN ${agent} < 30 THEN 1 WHEN ${agent} < 80 THEN 2 ELSE 3 END`;
// Where each wave's shadow stage ends, as a share of the span; its suggest stage lasts 0.15 more.
const WAVE_STARTS = [0.05, 0.35, 0.6];

export async function generateDashboardHistory(
  db: Database,
  options: { tickets: number; days: number; end: Date; seed?: number; slug?: string; workspaceId?: string },
): Promise<GeneratedHistory> {
  const { tickets, days, end } = options;
  const start = new Date(end.getTime() - days * 86_400_000);
  const workspaceId =
    options.workspaceId ??
    (
      await db.query<{ id: string }>(
        `INSERT INTO workspaces (slug, name) VALUES ($1, 'Dashboards benchmark') RETURNING id`,
        [options.slug ?? `bench-${Date.now().toString(36)}`],
      )
    )[0]!.id;
  await db.query(
    `INSERT INTO categories (workspace_id, key, name)
     SELECT $1, 'c' || lpad(g::text, 2, '0'), (ARRAY['Billing','Shipping','Returns','Login','Refunds','Invoices',
       'Delivery delay','Damaged item','Account','Cancellation','Warranty','Pricing','Discounts','Gift cards',
       'Orders','Payments','Privacy','Technical','Feedback','Other'])[g]
       FROM generate_series(1, ${CATEGORIES}) g`,
    [workspaceId],
  );
  await db.query(
    `INSERT INTO users (email, name)
     SELECT 'agent' || g || '-' || $1::uuid::text || '@bench.example', 'Agent ' || g FROM generate_series(0, ${AGENTS - 1}) g`,
    [workspaceId],
  );
  await db.query(
    `INSERT INTO memberships (workspace_id, user_id, role)
     SELECT $1, id, 'agent' FROM users WHERE email LIKE '%-' || $1::uuid::text || '@bench.example'`,
    [workspaceId],
  );
  await db.query(
    `INSERT INTO rollout_cohorts (workspace_id, name, position, is_control, created_at)
     VALUES ($1, 'Pilot', 1, false, $2), ($1, 'Wave 2', 2, false, $2), ($1, 'Wave 3', 3, false, $2),
            ($1, 'Control', 4, true, $2)`,
    [workspaceId, start],
  );
  await db.query(
    `INSERT INTO rollout_cohort_members (workspace_id, user_id, cohort_id, added_at)
     SELECT $1, u.id, c.id, $2 FROM users u
       JOIN rollout_cohorts c ON c.workspace_id = $1
        AND c.position = 1 + ${cohortOf(`(substring(u.email FROM '^agent([0-9]+)-'))::int`)}
      WHERE u.email LIKE '%-' || $1::uuid::text || '@bench.example'`,
    [workspaceId, start],
  );
  const [model] = await db.query<{ id: string }>(
    `INSERT INTO models (workspace_id, version, status, algorithm, training_summary, artifact, created_by_type)
     VALUES ($1, 1, 'champion', 'bench', '{}', '\\x00', 'system') RETURNING id`,
    [workspaceId],
  );
  // The workspace's default queue, when it has one already (a product workspace does).
  const [queue] = await db.query<{ id: string }>(
    `WITH existing AS (SELECT id FROM review_queues WHERE workspace_id = $1 AND is_default),
          created AS (INSERT INTO review_queues (workspace_id, key, name, is_default)
                      SELECT $1, 'default', 'Default', true WHERE NOT EXISTS (SELECT 1 FROM existing) RETURNING id)
     SELECT id FROM existing UNION ALL SELECT id FROM created`,
    [workspaceId],
  );

  // One row per ticket with every random draw, so the inserts below agree with each other.
  await db.exec('DROP TABLE IF EXISTS bench_source; DROP TABLE IF EXISTS bench_rows');
  await db.transaction(async (tx) => {
    await tx.query('SELECT setseed($1)', [options.seed ?? 0.42]);
    await tx.query(
      `CREATE UNLOGGED TABLE bench_source AS
       SELECT s.*,
              CASE WHEN s.stage = 'off' THEN 'needs_review' WHEN s.stage = 'shadow' THEN 'needs_review'
                   WHEN s.stage = 'auto' AND s.conf >= 0.9 THEN 'applied'
                   WHEN s.conf >= 0.4 THEN 'suggested' ELSE 'needs_review' END AS outcome,
              CASE WHEN s.stage = 'off' THEN 'rollout_off' WHEN s.stage = 'shadow' THEN 'rollout_shadow'
                   WHEN s.stage = 'auto' AND s.conf >= 0.9 THEN NULL
                   WHEN s.conf >= 0.4 THEN NULL ELSE 'low_confidence' END AS reason
         FROM (
           SELECT r.*, CASE WHEN r.right_answer THEN r.predicted ELSE 1 + (r.predicted + r.shift) % ${CATEGORIES} END AS human,
                  CASE WHEN r.cohort = 3 THEN 'off'
                       WHEN r.pos < (ARRAY[${WAVE_STARTS.join(',')}])[r.cohort + 1] THEN 'shadow'
                       WHEN r.pos < (ARRAY[${WAVE_STARTS.join(',')}])[r.cohort + 1] + 0.15 THEN 'suggest'
                       ELSE 'auto' END AS stage
             FROM (
               SELECT q.*, random() < q.conf AS right_answer, ${cohortOf('q.agent')} AS cohort
                 FROM (
                   SELECT g AS i, gen_random_uuid() AS ticket_id, gen_random_uuid() AS prediction_id,
                          gen_random_uuid() AS decision_id, p.pos,
                          $1::timestamptz + p.pos * ($2::timestamptz - $1::timestamptz) AS received_at,
                          (g * 37) % ${AGENTS} AS agent,
                          1 + least(floor(power(random(), 1.6) * ${CATEGORIES})::int, ${CATEGORIES - 1}) AS predicted,
                          (0.35 + 0.65 * power(random(), 0.45))::real AS conf,
                          1 + floor(random() * ${CATEGORIES - 1})::int AS shift,
                          random() AS r_act, random() AS r_kind,
                          exp(random() * 5.5) AS act_minutes,
                          random() * 90 AS wait_minutes, exp(0.3 + random() * 2.4) AS handle_minutes
                     FROM generate_series(1, $3::int) g
                     CROSS JOIN LATERAL (SELECT (g - 1 + random()) / $3::int AS pos) p
                 ) q
             ) r
         ) s`,
      [start, end, tickets],
    );
  });
  // The ids each draw stands for, joined once.
  await db.exec('ANALYZE bench_source');
  await db.query(
    `CREATE UNLOGGED TABLE bench_rows AS
     SELECT b.*, pc.id AS predicted_id, hc.id AS human_id, ag.id AS agent_id, ag.email AS agent_email, co.id AS cohort_id
       FROM bench_source b
       JOIN categories pc ON pc.workspace_id = $1 AND pc.key = 'c' || lpad(b.predicted::text, 2, '0')
       JOIN categories hc ON hc.workspace_id = $1 AND hc.key = 'c' || lpad(b.human::text, 2, '0')
       JOIN users ag ON lower(ag.email) = 'agent' || b.agent || '-' || $1::uuid::text || '@bench.example'
       JOIN rollout_cohorts co ON co.workspace_id = $1 AND co.position = b.cohort + 1`,
    [workspaceId],
  );
  await db.exec('DROP TABLE bench_source; ANALYZE bench_rows');
  // Whether and when a person acted: the review item's resolution for everything not applied (a
  // tenth of suggestions only after a day or two: ignored), and for applied decisions a
  // confirmation or correction by some, later helpdesk changes by a few.
  const labelled = `(b.outcome <> 'applied' OR b.r_act < 0.45)`;
  const labelAt = `b.received_at + CASE
      WHEN b.outcome = 'suggested' AND b.r_kind < 0.1 THEN interval '1 day' * (1 + b.r_act)
      WHEN b.outcome = 'applied' AND b.r_kind < 0.15 THEN interval '2 days'
      WHEN b.outcome = 'applied' THEN interval '1 minute' * b.act_minutes
      ELSE interval '1 minute' * (b.wait_minutes + b.handle_minutes * CASE WHEN b.cohort = 3 THEN 1.6 ELSE 1 END) END`;
  await db.query(
    `INSERT INTO tickets (id, workspace_id, source, external_id, content_hash, subject, assignee, received_at, updated_at,
       category_id, category_set_by)
     SELECT b.ticket_id, $1, 'bench', 'b' || b.i, 'b' || b.i, 'Generated ticket', b.agent_email, b.received_at, b.received_at,
            CASE WHEN ${labelled} AND ${labelAt} <= $2 THEN b.human_id WHEN b.outcome = 'applied' THEN b.predicted_id END,
            CASE WHEN ${labelled} AND ${labelAt} <= $2 THEN 'human' WHEN b.outcome = 'applied' THEN 'ai' END
       FROM bench_rows b`,
    [workspaceId, end],
  );
  // Assignments: each ticket's agent at arrival; some bounce to the second line and back (two
  // re-assignment hops), more often when nobody or the wrong category routed them (as the demo).
  await db.query(
    `WITH a AS (
       SELECT b.ticket_id, b.agent_email, b.received_at,
              random() < CASE WHEN b.stage IN ('off', 'shadow') OR b.outcome = 'needs_review' THEN 0.14
                              WHEN b.right_answer THEN 0.04 ELSE 0.3 END AS bounced
         FROM bench_rows b
     )
     INSERT INTO ticket_assignments (workspace_id, ticket_id, from_assignee, to_assignee, changed_at)
     SELECT $1::uuid, ticket_id, NULL, agent_email, received_at FROM a
     UNION ALL
     SELECT $1, ticket_id, agent_email, 'second-line@bench.example', received_at + interval '20 minutes' FROM a WHERE bounced
     UNION ALL
     SELECT $1, ticket_id, 'second-line@bench.example', agent_email, received_at + interval '70 minutes' FROM a WHERE bounced`,
    [workspaceId],
  );
  await db.query(
    `INSERT INTO predictions (id, workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked,
       explanation, created_at)
     SELECT b.prediction_id, $1, b.ticket_id, $2, 1, b.predicted_id, b.conf, '[]', '{"terms": [], "similar": []}', b.received_at
       FROM bench_rows b`,
    [workspaceId, model!.id],
  );
  await db.query(
    `INSERT INTO decisions (id, workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
       rule, reason, inputs, cohort_id, created_at)
     SELECT b.decision_id, $1, b.ticket_id, b.prediction_id, b.outcome,
            CASE WHEN b.stage IN ('off', 'shadow') THEN NULL ELSE b.predicted_id END, b.conf, 1, 'generated', b.reason,
            CASE WHEN b.stage = 'shadow' THEN jsonb_build_object('shadowOutcome', CASE WHEN b.conf >= 0.9 THEN 'applied'
                 WHEN b.conf >= 0.4 THEN 'suggested' ELSE 'needs_review' END, 'shadowCategoryId', b.predicted_id)
                 ELSE '{}'::jsonb END,
            b.cohort_id, b.received_at
       FROM bench_rows b`,
    [workspaceId],
  );
  // Items whose resolution lies after the end are still open (and unclaimed).
  const done = `${labelAt} <= $3`;
  await db.query(
    `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, resolution, resolved_by, created_at,
       resolved_at, queue_id, due_at, claimed_by, claimed_at, resolved_category_id)
     SELECT $1, b.ticket_id, b.decision_id, CASE WHEN ${done} THEN 'resolved' ELSE 'open' END,
            coalesce(b.reason, 'suggestion'),
            CASE WHEN NOT ${done} THEN NULL
                 WHEN b.human_id = b.predicted_id AND b.stage NOT IN ('off', 'shadow') THEN 'accepted' ELSE 'corrected' END,
            CASE WHEN ${done} THEN b.agent_id END, b.received_at, CASE WHEN ${done} THEN ${labelAt} END, $2,
            b.received_at + interval '1 day', CASE WHEN ${done} THEN b.agent_id END,
            CASE WHEN ${done} THEN ${labelAt} - interval '1 minute' * b.handle_minutes * CASE WHEN b.cohort = 3 THEN 1.6 ELSE 1 END END,
            CASE WHEN ${done} THEN b.human_id END
       FROM bench_rows b
      WHERE b.outcome <> 'applied'`,
    [workspaceId, queue!.id, end],
  );
  await db.query(
    `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
     SELECT $1, b.ticket_id, b.human_id,
            CASE WHEN b.outcome = 'applied' AND b.r_kind < 0.15 THEN 'helpdesk'
                 WHEN b.human_id = b.predicted_id AND b.stage NOT IN ('off', 'shadow') THEN 'accept' ELSE 'correct' END,
            'user', b.agent_id::text, ${labelAt}
       FROM bench_rows b
      WHERE ${labelled} AND ${labelAt} <= $2`,
    [workspaceId, end],
  );
  await db.exec('DROP TABLE bench_rows');
  const cohorts = await db.query<{ id: string }>(
    'SELECT id FROM rollout_cohorts WHERE workspace_id = $1 ORDER BY position',
    [workspaceId],
  );
  const categories = await db.query<{ id: string }>(
    'SELECT id FROM categories WHERE workspace_id = $1 ORDER BY key',
    [workspaceId],
  );
  return { workspaceId, tickets, cohorts: cohorts.map((c) => c.id), categories: categories.map((c) => c.id) };
}

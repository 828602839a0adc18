import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, type Sql } from '../../platform/db/database.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { rebuildMetricRollups } from '../metrics/index.js';
import { renderWeeklyReport } from './render-weekly-report.js';
import { weeklyReport } from './weekly-report.js';
import { weeklySummary } from './weekly-summary.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// A small fixed history; every figure the test looks for is worked out by hand from it.
// Now: Wed 2026-11-25 12:00 UTC (week 2026-W48); the report is of 2026-W47 (16–22 Nov).
// Ann is in the pilot cohort, Bob in the control cohort; categories Billing (B), Shipping (S).
//
// 2026-W46: T0 Mon 11-09 09:00 Ann applied B; Ann accepts at 09:05 → shown 1, accepted 1.
// 2026-W47:
//  T1 Mon 09:00 Ann applied B 0.95; Ann accepts B at 09:10              → accepted; precision ✓
//  T2 Mon 10:00 Ann suggested S 0.80; Ann corrects to B at 10:30, review claimed 10:20, resolved
//               10:30 (10 handling minutes)                              → overridden; confusion S → B
//  T3 Tue 09:00 Ann suggested B 0.70; nobody acts; its review item is overdue and escalated
//                                                                        → ignored
//  T4 Tue 10:00 Bob control (stage off); Bob labels B at 10:40, review claimed 10:25, resolved 10:40
//               (15 handling minutes)                                    → baseline
// Usage W47: shown 3, accepted 1, overridden 1, ignored 1 → acceptance 1/2 = 50.0%, override 50.0%,
//   ignored 1/3 = 33.3%; 1 person active; tickets 4, AI-touched 3 = 75.0%. W46: acceptance 100.0%,
//   so −50.0 pts; shown +2.
// Value W47: live 3 tickets, 2 human touches → 66.7 per 100; baseline 1 ticket, 1 touch → 100.0;
//   touches avoided (1 − 2/3) × 3 = 1; minutes per review item (10 + 15) / 2 = 12.5; saved 12.5 min.
// Quality W47: Billing precision 1 of 1 = 100.0%; confusion Shipping → Billing, 1 decision, 10 min.
const NOW = new Date('2026-11-25T12:00:00Z');
const at = (s: string) => new Date(`2026-11-${s}Z`);

async function insertId(sql: Sql, text: string, params: unknown[]): Promise<string> {
  return (await one<{ id: string }>(sql, `${text} RETURNING id`, params)).id;
}

async function history(sql: Sql) {
  const workspaceId = await createTestWorkspace(sql);
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
  for (const [userId, cohortId] of [
    [ann, pilot],
    [bob, control],
  ]) {
    await sql.query(
      'INSERT INTO rollout_cohort_members (workspace_id, user_id, cohort_id, added_at) VALUES ($1, $2, $3, $4)',
      [workspaceId, userId, cohortId, at('01T00:00:00')],
    );
  }
  const category = (key: string, name: string) =>
    insertId(sql, 'INSERT INTO categories (workspace_id, key, name) VALUES ($1, $2, $3)', [
      workspaceId,
      key,
      name,
    ]);
  const B = await category('billing', 'Billing');
  const S = await category('shipping', 'Shipping');
  const modelId = await insertId(
    sql,
    `INSERT INTO models (workspace_id, version, status, algorithm, training_summary, artifact, created_by_type)
     VALUES ($1, 1, 'champion', 'test', '{}', '\\x00', 'system')`,
    [workspaceId],
  );
  const queueId = await insertId(
    sql,
    `INSERT INTO review_queues (workspace_id, key, name, is_default, sla_minutes) VALUES ($1, 'default', 'Default', true, 60)`,
    [workspaceId],
  );
  const email = (who: string) => `${who === ann ? 'Ann' : 'Bob'}-${workspaceId}@example.com`;
  const ticket = async (
    name: string,
    t: {
      at: string;
      who: string;
      cohort: string;
      predicted: string;
      confidence: number;
      outcome: string;
      reason?: string;
      final: string | null;
    },
  ) => {
    const received = at(t.at);
    const ticketId = await insertId(
      sql,
      `INSERT INTO tickets (workspace_id, source, external_id, content_hash, assignee, received_at, category_id)
       VALUES ($1, 'test', $2, $2, $3, $4, $5)`,
      [workspaceId, name, email(t.who), received, t.final],
    );
    const predictionId = await insertId(
      sql,
      `INSERT INTO predictions (workspace_id, ticket_id, model_id, model_version, category_id, confidence, ranked, explanation, created_at)
       VALUES ($1, $2, $3, 1, $4, $5, '[]', '{}', $6)`,
      [workspaceId, ticketId, modelId, t.predicted, t.confidence, received],
    );
    const shown = t.outcome !== 'needs_review';
    const decisionId = await insertId(
      sql,
      `INSERT INTO decisions (workspace_id, ticket_id, prediction_id, outcome, category_id, confidence, model_version,
         rule, reason, inputs, cohort_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 'test', $7, '{}'::jsonb, $8, $9)`,
      [
        workspaceId,
        ticketId,
        predictionId,
        t.outcome,
        shown ? t.predicted : null,
        t.confidence,
        t.reason ?? null,
        t.cohort,
        received,
      ],
    );
    return { ticketId, decisionId };
  };
  const label = (ticketId: string, categoryId: string, kind: string, who: string, when: string) =>
    sql.query(
      `INSERT INTO labels (workspace_id, ticket_id, category_id, kind, actor_type, actor_id, created_at)
       VALUES ($1, $2, $3, $4, 'user', $5, $6)`,
      [workspaceId, ticketId, categoryId, kind, who, at(when)],
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

  const t0 = await ticket('T0', {
    at: '09T09:00:00',
    who: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.9,
    outcome: 'applied',
    final: B,
  });
  await label(t0.ticketId, B, 'accept', ann, '09T09:05:00');
  const t1 = await ticket('T1', {
    at: '16T09:00:00',
    who: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.95,
    outcome: 'applied',
    final: B,
  });
  await label(t1.ticketId, B, 'accept', ann, '16T09:10:00');
  const t2 = await ticket('T2', {
    at: '16T10:00:00',
    who: ann,
    cohort: pilot,
    predicted: S,
    confidence: 0.8,
    outcome: 'suggested',
    final: B,
  });
  await label(t2.ticketId, B, 'correct', ann, '16T10:30:00');
  await review(t2, ann, { created: '16T10:00:00', claimed: '16T10:20:00', resolved: '16T10:30:00' }, B);
  const t3 = await ticket('T3', {
    at: '17T09:00:00',
    who: ann,
    cohort: pilot,
    predicted: B,
    confidence: 0.7,
    outcome: 'suggested',
    final: null,
  });
  const item = await insertId(
    sql,
    `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, queue_id, due_at, created_at)
     VALUES ($1, $2, $3, 'open', 'test', $4, $5, $6)`,
    [workspaceId, t3.ticketId, t3.decisionId, queueId, at('17T10:00:00'), at('17T09:00:00')],
  );
  await sql.query(
    `INSERT INTO escalations (workspace_id, kind, review_item_id, ticket_id, queue_id, owner_user_id, owner_reason, due_at, opened_at)
     VALUES ($1, 'overdue_review', $2, $3, $4, $5, 'owner of queue Default', $6, $7)`,
    [workspaceId, item, t3.ticketId, queueId, ann, at('17T11:01:00'), at('17T10:01:00')],
  );
  const t4 = await ticket('T4', {
    at: '17T10:00:00',
    who: bob,
    cohort: control,
    predicted: B,
    confidence: 0.7,
    outcome: 'needs_review',
    reason: 'rollout_off',
    final: B,
  });
  await label(t4.ticketId, B, 'correct', bob, '17T10:40:00');
  await review(t4, bob, { created: '17T10:00:00', claimed: '17T10:25:00', resolved: '17T10:40:00' }, B);
  // An automatic rollback during the week, as the rollout check records it.
  await sql.query(
    `INSERT INTO rollout_stages (workspace_id, cohort_id, category_id, stage, changed_at, rolled_back_reason)
     VALUES ($1, $2, $3, 'suggest', $4, 'precision 0.5 fell below 0.98')`,
    [workspaceId, pilot, S, at('18T08:00:00')],
  );
  await appendEvent(sql, {
    workspaceId,
    actor: systemActor('Triage rollout'),
    action: 'rollout.rolled_back',
    subjectType: 'rollout_stage',
    subjectId: pilot,
    payload: {
      cohortId: pilot,
      categoryId: S,
      from: 'auto',
      to: 'suggest',
      reason: 'precision 0.5 fell below 0.98',
    },
    occurredAt: at('18T08:00:00'),
  });
  return { workspaceId };
}

describe.each(targets)('weekly report on $name', (target) => {
  let handle: TestDatabase;
  let workspaceId: string;
  const clock = manualClock(NOW);
  const deps = () => ({ db: handle.db, clock, config: { rollout: { windowDays: 28, autoApprovers: 2 } } });

  beforeAll(async () => {
    handle = await target.open();
    ({ workspaceId } = await handle.db.transaction((tx) => history(tx)));
    await rebuildMetricRollups({ db: handle.db, clock }, workspaceId);
  }, 120_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  it('answers the four questions with the hand-computed figures of the week', async () => {
    const report = await weeklyReport(deps(), workspaceId, '2026-W47');
    expect(report).toMatchObject({
      week: '2026-W47',
      previousWeek: '2026-W46',
      from: '2026-11-16',
      to: '2026-11-22',
      complete: true,
      empty: false,
    });
    expect(report.usage.week).toMatchObject({
      shown: 3,
      accepted: 1,
      overridden: 1,
      ignored: 1,
      peopleActive: 1,
      tickets: 4,
      aiTouched: 3,
    });
    expect(report.usage.previous).toMatchObject({ shown: 1, accepted: 1 });
    expect(report.value.week.live).toMatchObject({ tickets: 3, humanTouches: 2 });
    expect(report.value.week.baseline).toMatchObject({ tickets: 1, humanTouches: 1 });
    expect(report.value.week.minutesSaved).toBeCloseTo(12.5, 9);

    const html = renderWeeklyReport(report, { previous: '/reports/weekly/2026-W46', app: '/staffing' });
    const row = (label: string) => html.slice(html.indexOf(`<th scope="row">${label}`)).split('</tr>')[0]!;
    // Are people using it?
    expect(row('Suggestions shown')).toContain(
      '<td class="num">3</td><td class="num">1</td><td class="num">+2</td>',
    );
    expect(row('Accepted')).toContain(
      '1 (50.0%)</td><td class="num">1 (100.0%)</td><td class="num">−50.0 pts',
    );
    expect(row('Overridden')).toContain('1 (50.0%)');
    expect(row('Ignored')).toContain('1 (33.3%)');
    expect(row('People active')).toContain('<td class="num">1</td>');
    expect(row('Share touched by the AI')).toContain('<td class="num">75.0%</td>');
    // Does it reduce work?
    expect(row('Human touches per 100 tickets')).toContain(
      '<td class="num">66.7</td><td class="num">100</td>',
    );
    expect(html).toContain('12.5 min saved this week (1 touches avoided × 12.5 min per review item)');
    // Where does it fail?
    expect(row('Billing')).toContain('<td class="num">100.0%</td><td class="num">1 of 1</td>');
    expect(row('Shipping → Billing')).toContain('<td class="num">1</td><td class="num">10 min</td>');
    expect(html).toContain('1 open, 1 overdue now; 1 opened and 0 resolved in 2026-W47.');
    expect(html).toContain('No live drift alerts.');
    // What is the next step? The pilot's Billing is off with no gates before shadow: ready.
    expect(html).toContain('Pilot × Billing: off → shadow');
    expect(html).toContain(
      'Pilot × Shipping: auto → suggest on 2026-11-18 08:00 UTC, because precision 0.5 fell below 0.98',
    );
    expect(html).toContain('1 of 2 cohort × category cells are live');
    expect(html).toContain('@media print');
  });

  it('says so when a week is empty, and sums the week up for a chat channel', async () => {
    const empty = await weeklyReport(deps(), workspaceId, '2026-W40');
    expect(empty.empty).toBe(true);
    const html = renderWeeklyReport(empty, { previous: '/reports/weekly/2026-W39', app: '/staffing' });
    expect(html).toContain('No tickets arrived and nothing was decided in 2026-W40');
    expect(html).toContain('Nobody was shown a suggestion this week.');

    const summary = weeklySummary(
      await weeklyReport(deps(), workspaceId, '2026-W47'),
      'https://triage.example/reports/weekly/2026-W47',
    );
    expect(summary.key).toBe('weekly-report:2026-W47');
    expect(summary.fields?.[0]?.value).toBe(
      '3 suggestions shown (+2 on 2026-W46), 50.0% accepted, 50.0% overridden, 33.3% ignored; 1 people active.',
    );
    expect(summary.fields?.[1]?.value).toBe(
      '66.7 human touches per 100 tickets against 100 in the baseline; 12.5 min saved.',
    );
    expect(summary.link).toEqual({
      url: 'https://triage.example/reports/weekly/2026-W47',
      label: 'Open the 2026-W47 report',
    });
  });
});

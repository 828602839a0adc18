import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one } from '../../platform/db/database.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';
import { manualClock } from '../../platform/testing/manual-clock.js';
import { databaseTargets, type TestDatabase } from '../../platform/testing/test-databases.js';
import { createTestWorkspace } from '../../platform/testing/test-workspace.js';
import { rebuildMetricRollups } from '../metrics/index.js';
import { at, FIXED_NOW, type FixedHistory, writeFixedHistory } from '../metrics/testing/fixed-history.js';
import { renderWeeklyReport } from './render-weekly-report.js';
import { weeklyReport } from './weekly-report.js';
import { weeklySummary } from './weekly-summary.js';

const { targets, skipped } = await databaseTargets();
if (skipped) console.warn(skipped);

// The metrics module's fixed history (see its header: T1–T6 in the week of Mon 2026-03-02, which
// is 2026-W10, T7 in 2026-W11; now is Tue 2026-03-10 12:00), plus an overdue escalation of T3's
// review and an automatic rollback of the pilot's Shipping, both in W10. Worked out by hand for W10:
// Usage: shown 4 (T1 T2 T3 T6), accepted 1 (T1), overridden 1 (T2), ignored 2 (T3, T6) → acceptance
//   1/2 = 50.0%, override 50.0%, ignored 2/4 = 50.0%; 1 person active; 6 tickets, 4 AI-touched =
//   66.7%. W09 is empty: shown +4 on it.
// Value: live T1 T2 T3 T6, 3 human touches on 4 tickets → 75 per 100; baseline T4 T5, 2 on 2 → 100;
//   touches avoided (1 − 3/4) × 4 = 1; review minutes (10 + 15 + 15) / 3 = 13.3 a item → 13.3 saved.
// Quality: Billing applied twice, T1 kept, T6 changed → 1 of 2 = 50.0%; confusions by review time
//   Returns → Shipping (15 min), Shipping → Returns (10), Billing → Shipping (0); ECE 0.573.
describe.each(targets)('weekly report on $name', (target) => {
  let handle: TestDatabase;
  let w: FixedHistory;
  const clock = manualClock(FIXED_NOW);
  const deps = () => ({ db: handle.db, clock, config: { rollout: { windowDays: 28, autoApprovers: 2 } } });

  beforeAll(async () => {
    handle = await target.open();
    const workspaceId = await createTestWorkspace(handle.db);
    w = await handle.db.transaction((tx) => writeFixedHistory(tx, workspaceId));
    const { id: itemId } = await one<{ id: string }>(
      handle.db,
      `INSERT INTO review_items (workspace_id, ticket_id, decision_id, status, reason, queue_id, due_at, created_at)
       SELECT d.workspace_id, d.ticket_id, d.id, 'open', 'test', q.id, $3, $4
         FROM decisions d JOIN review_queues q ON q.workspace_id = d.workspace_id AND q.is_default
        WHERE d.workspace_id = $1 AND d.ticket_id = $2 RETURNING id`,
      [workspaceId, w.tickets.T3, at('02T12:00:00'), at('02T11:00:00')],
    );
    await handle.db.query(
      `INSERT INTO escalations (workspace_id, kind, review_item_id, ticket_id, queue_id, owner_user_id, owner_reason, due_at, opened_at)
       SELECT workspace_id, 'overdue_review', id, ticket_id, queue_id, $2, 'owner of queue Default', $3, $4
         FROM review_items WHERE id = $1`,
      [itemId, w.ann, at('02T13:01:00'), at('02T12:01:00')],
    );
    await handle.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO rollout_stages (workspace_id, cohort_id, category_id, stage, changed_at, rolled_back_reason)
       VALUES ($1, $2, $3, 'suggest', $4, 'precision 0.5 fell below 0.98')`,
        [workspaceId, w.pilot, w.S, at('04T08:00:00')],
      );
      await appendEvent(tx, {
        workspaceId,
        actor: systemActor('Triage rollout'),
        action: 'rollout.rolled_back',
        subjectType: 'rollout_stage',
        subjectId: w.pilot,
        payload: {
          cohortId: w.pilot,
          categoryId: w.S,
          from: 'auto',
          to: 'suggest',
          reason: 'precision 0.5 fell below 0.98',
        },
        occurredAt: at('04T08:00:00'),
      });
    });
    await rebuildMetricRollups({ db: handle.db, clock }, workspaceId);
  }, 120_000);
  afterAll(async () => {
    await handle?.dispose();
  });

  it('answers the four questions with the hand-computed figures of the week', async () => {
    const report = await weeklyReport(deps(), w.workspaceId, '2026-W10');
    expect(report).toMatchObject({
      week: '2026-W10',
      previousWeek: '2026-W09',
      from: '2026-03-02',
      to: '2026-03-08',
      complete: true,
      empty: false,
    });
    expect(report.usage.week).toMatchObject({
      shown: 4,
      accepted: 1,
      overridden: 1,
      ignored: 2,
      pending: 0,
      tickets: 6,
    });
    expect(report.usage.previous).toMatchObject({ shown: 0, tickets: 0 });
    expect(report.value.week.minutesSaved).toBeCloseTo(40 / 3, 9);

    const html = renderWeeklyReport(report, { previous: '/reports/weekly/2026-W09', app: '/staffing' });
    const row = (label: string) => html.slice(html.indexOf(`<th scope="row">${label}`)).split('</tr>')[0]!;
    // Are people using it?
    expect(row('Suggestions shown')).toContain(
      '<td class="num">4</td><td class="num">0</td><td class="num">+4</td>',
    );
    expect(row('Accepted')).toContain(
      '<td class="num">1 (50.0%)</td><td class="num">0 (—)</td><td class="num">—</td>',
    );
    expect(row('Overridden')).toContain('1 (50.0%)');
    expect(row('Ignored')).toContain('2 (50.0%)');
    expect(row('People active')).toContain('<td class="num">1</td>');
    expect(row('Share touched by the AI')).toContain('<td class="num">66.7%</td>');
    // Does it reduce work?
    expect(row('Human touches per 100 tickets')).toContain('<td class="num">75</td><td class="num">100</td>');
    expect(html).toContain('13.3 min saved this week (1 touches avoided × 13.3 min per review item)');
    // Where does it fail?
    expect(row('Billing')).toContain('<td class="num">50.0%</td><td class="num">1 of 2</td>');
    expect(row('Returns → Shipping')).toContain('<td class="num">1</td><td class="num">15 min</td>');
    expect(row('Shipping → Returns')).toContain('<td class="num">1</td><td class="num">10 min</td>');
    expect(html).toContain('Calibration error (ECE) over 3 judged suggestions: 0.573.');
    expect(html).toContain('1 open, 1 overdue now; 1 opened and 0 resolved in 2026-W10.');
    expect(html).toContain('No live drift alerts.');
    // What is the next step? The pilot's other categories are off, and nothing gates shadow: ready.
    expect(html).toContain('Pilot × Billing: off → shadow');
    expect(html).toContain(
      'Pilot × Shipping: auto → suggest on 2026-03-04 08:00 UTC, because precision 0.5 fell below 0.98',
    );
    expect(html).toContain('1 of 3 cohort × category cells are live');
    expect(html).toContain('@media print');
  });

  it('says so when a week is empty, and sums the week up for a chat channel', async () => {
    const empty = await weeklyReport(deps(), w.workspaceId, '2026-W05');
    expect(empty.empty).toBe(true);
    const html = renderWeeklyReport(empty, { previous: '/reports/weekly/2026-W04', app: '/staffing' });
    expect(html).toContain('No tickets arrived and nothing was decided in 2026-W05');
    expect(html).toContain('Nobody was shown a suggestion this week.');

    const report = await weeklyReport(deps(), w.workspaceId, '2026-W10');
    const summary = weeklySummary(report, 'https://triage.example/reports/weekly/2026-W10');
    expect(summary.key).toBe('weekly-report:2026-W10');
    expect(summary.fields?.map((f) => f.value)).toEqual([
      '4 suggestions shown (+4 on 2026-W09), 50.0% accepted, 50.0% overridden, 50.0% ignored; 1 people active.',
      '75 human touches per 100 tickets against 100 in the baseline; 13.3 min saved.',
      '1 escalations open (1 overdue), 0 drift alerts; lowest precision: Billing 50.0%.',
      '2 cells ready to step up, 0 waiting for approval, 1 rolled back this week.',
    ]);
    expect(summary.link).toEqual({
      url: 'https://triage.example/reports/weekly/2026-W10',
      label: 'Open the 2026-W10 report',
    });
  });
});

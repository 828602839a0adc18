import type { Notification } from '../notifications/index.js';
import { change, count, decimal, minutes, pct } from './report-format.js';
import type { WeeklyReport } from './weekly-report.js';

/** The week in four lines for a chat channel (Slack-compatible), with the link to the page. */
export function weeklySummary(r: WeeklyReport, url: string): Notification {
  const w = r.usage.week;
  const v = r.value.week;
  const using = `${count(w.shown)} suggestions shown (${change(w.shown, r.usage.previous.shown, 'count')} on ${r.previousWeek}), ${pct(w.acceptanceRate)} accepted, ${pct(w.overrideRate)} overridden, ${pct(w.ignoredRate)} ignored; ${count(w.peopleActive)} people active.`;
  const work =
    v.minutesSaved == null
      ? `${decimal(v.live.touchesPer100)} human touches per 100 tickets; no baseline this week to measure minutes saved.`
      : `${decimal(v.live.touchesPer100)} human touches per 100 tickets against ${decimal(v.baseline.touchesPer100)} in the baseline; ${minutes(v.minutesSaved)} saved.`;
  const worst = r.quality.lowestPrecision[0];
  const fails = `${count(r.escalations.open)} escalations open (${count(r.escalations.overdue)} overdue), ${count(r.drift.live)} drift alerts${
    worst ? `; lowest precision: ${worst.name} ${pct(worst.precision)}` : ''
  }.`;
  const next = `${count(r.rollout.ready.length)} cells ready to step up, ${count(r.rollout.pending.length)} waiting for approval, ${count(r.rollout.rollbacks.length)} rolled back this week.`;
  return {
    key: `weekly-report:${r.week}`,
    orderingKey: 'weekly-report',
    title: `Weekly report ${r.week}: ${r.workspaceName}`,
    text: r.empty ? `No tickets arrived and nothing was decided in ${r.week}.` : using,
    fields: [
      { label: 'Are people using it?', value: using },
      { label: 'Does it reduce work?', value: work },
      { label: 'Where does it fail?', value: fails },
      { label: 'Next step of the rollout', value: next },
    ],
    link: { url, label: `Open the ${r.week} report` },
    occurredAt: r.generatedAt,
  };
}

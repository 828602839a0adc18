import { change, count, decimal, escapeHtml as e, longDay, minutes, pct, utcStamp } from './report-format.js';
import { reportStyles } from './report-styles.js';
import type { WeeklyReport } from './weekly-report.js';

// The weekly report as one self-contained HTML page: no scripts besides the print button, no
// navigation, styles inline, laid out to print on A4 (each question keeps together, the
// toolbar is not printed). Every text from the data is escaped.

type Row = [label: string, week: string, previous: string, delta: string];

function table(caption: string, head: string[], rows: string[][], testId: string): string {
  return `<table data-testid="${testId}"><caption>${e(caption)}</caption>
<thead><tr>${head.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${e(h)}</th>`).join('')}</tr></thead>
<tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${e(c)}</th>` : `<td class="num">${e(c)}</td>`)).join('')}</tr>`,
    )
    .join('\n')}</tbody></table>`;
}

const list = (items: string[], empty: string, testId: string) =>
  items.length === 0
    ? `<p class="muted" data-testid="${testId}">${e(empty)}</p>`
    : `<ul data-testid="${testId}">${items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`;

function usage(r: WeeklyReport): string {
  const w = r.usage.week;
  const p = r.usage.previous;
  const rows: Row[] = [
    ['Suggestions shown', count(w.shown), count(p.shown), change(w.shown, p.shown, 'count')],
    [
      'Accepted',
      `${count(w.accepted)} (${pct(w.acceptanceRate)})`,
      `${count(p.accepted)} (${pct(p.acceptanceRate)})`,
      change(w.acceptanceRate, p.acceptanceRate, 'share'),
    ],
    [
      'Overridden',
      `${count(w.overridden)} (${pct(w.overrideRate)})`,
      `${count(p.overridden)} (${pct(p.overrideRate)})`,
      change(w.overrideRate, p.overrideRate, 'share'),
    ],
    [
      'Ignored (no action within 24 h)',
      `${count(w.ignored)} (${pct(w.ignoredRate)})`,
      `${count(p.ignored)} (${pct(p.ignoredRate)})`,
      change(w.ignoredRate, p.ignoredRate, 'share'),
    ],
    [
      'People active',
      count(w.peopleActive),
      count(p.peopleActive),
      change(w.peopleActive, p.peopleActive, 'count'),
    ],
    ['Tickets', count(w.tickets), count(p.tickets), change(w.tickets, p.tickets, 'count')],
    [
      'Share touched by the AI',
      pct(w.aiTouchedShare),
      pct(p.aiTouchedShare),
      change(w.aiTouchedShare, p.aiTouchedShare, 'share'),
    ],
    [
      'Median minutes to act on a suggestion',
      minutes(w.medianActionMinutes),
      minutes(p.medianActionMinutes),
      change(w.medianActionMinutes, p.medianActionMinutes, 'decimal'),
    ],
  ];
  const pending = w.pending > 0 ? ` ${count(w.pending)} shown in the last 24 hours are still pending.` : '';
  return `<section data-testid="usage"><h2>1. Are people using it?</h2>
<p class="answer">${e(
    w.shown === 0
      ? 'Nobody was shown a suggestion this week.'
      : `${count(w.shown)} suggestions were shown; people accepted ${pct(w.acceptanceRate)} of those they acted on and ${count(w.peopleActive)} ${w.peopleActive === 1 ? 'person was' : 'people were'} active.${pending}`,
  )}</p>
${table(`${r.week} against ${r.previousWeek}`, ['', r.week, r.previousWeek, 'change'], rows, 'usage-table')}</section>`;
}

function value(r: WeeklyReport): string {
  const v = r.value.week;
  const pv = r.value.previous;
  const hasBaseline = v.baseline.tickets > 0;
  const rows: string[][] = [
    [
      'Human touches per 100 tickets',
      decimal(v.live.touchesPer100),
      hasBaseline ? decimal(v.baseline.touchesPer100) : '—',
      decimal(pv.live.touchesPer100),
    ],
    [
      'Minutes to the correct category (mean)',
      minutes(v.live.minutesToCorrect),
      hasBaseline ? minutes(v.baseline.minutesToCorrect) : '—',
      minutes(pv.live.minutesToCorrect),
    ],
    [
      'Minutes to first assignment (mean)',
      minutes(v.live.minutesToAssign),
      hasBaseline ? minutes(v.baseline.minutesToAssign) : '—',
      minutes(pv.live.minutesToAssign),
    ],
    [
      'Re-assignment hops per assigned ticket',
      decimal(v.live.hopsPerTicket),
      hasBaseline ? decimal(v.baseline.hopsPerTicket) : '—',
      decimal(pv.live.hopsPerTicket),
    ],
    ['Tickets', count(v.live.tickets), hasBaseline ? count(v.baseline.tickets) : '—', count(pv.live.tickets)],
  ];
  const saved =
    v.minutesSaved == null
      ? 'Minutes saved cannot be measured this week: there is no baseline (no tickets in the shadow stage or a control cohort).'
      : `${minutes(v.minutesSaved)} saved this week (${decimal(v.touchesAvoided)} touches avoided × ${minutes(v.review.minutesPerItem)} per review item)${
          pv.minutesSaved == null ? '' : `, against ${minutes(pv.minutesSaved)} in ${r.previousWeek}`
        }.`;
  return `<section data-testid="value"><h2>2. Does it reduce work?</h2>
<p class="answer" data-testid="minutes-saved">${e(saved)}</p>
${table('With the AI (live) against the baseline (shadow stage and control cohort)', ['', 'live', 'baseline', `live ${r.previousWeek}`], rows, 'value-table')}
<p class="muted">Review items resolved: ${e(count(v.review.resolved))}, of them timed from claim to resolution: ${e(count(v.review.handled))}, ${e(minutes(v.review.minutesPerItem))} each.</p></section>`;
}

function failures(r: WeeklyReport): string {
  const q = r.quality;
  const precisionRows = q.lowestPrecision.map((c) => [
    c.name,
    pct(c.precision),
    `${count(c.correct)} of ${count(c.judged)}`,
  ]);
  const confusionRows = q.confusions.map((c) => [
    `${c.predictedName} → ${c.humanName}`,
    count(c.n),
    minutes(c.reviewMinutes),
  ]);
  const x = r.escalations;
  return `<section data-testid="failures"><h2>3. Where does it fail?</h2>
${
  precisionRows.length === 0
    ? '<p class="muted">No applied decision was judged by a person this week, so no precision to show.</p>'
    : table(
        'Lowest precision of applied decisions',
        ['Category', 'precision', 'right of judged'],
        precisionRows,
        'precision-table',
      )
}
${
  confusionRows.length === 0
    ? '<p class="muted">No costly confusions this week.</p>'
    : table(
        'Confusions that cost most review time (AI → person)',
        ['Pair', 'decisions', 'review time'],
        confusionRows,
        'confusion-table',
      )
}
<p data-testid="calibration">${e(q.calibrated > 0 ? `Calibration error (ECE) over ${count(q.calibrated)} judged suggestions: ${decimal(q.ece, 3)}.` : 'No judged suggestions to measure calibration on.')}</p>
<h3>Escalations</h3>
<p class="answer" data-testid="escalations">${e(`${count(x.open)} open, ${count(x.overdue)} overdue now; ${count(x.openedInWeek)} opened and ${count(x.resolvedInWeek)} resolved in ${r.week}.`)}</p>
${list(
  x.oldest.map(
    (o) =>
      `${o.kind === 'dead_letter' ? 'Failing delivery' : 'Overdue review'} in ${o.queueName}, since ${utcStamp(o.since)}, owner ${o.ownerName ?? 'nobody'}${o.overdue ? ' — overdue' : ''}`,
  ),
  'No open escalations.',
  'escalation-list',
)}
<h3>Drift</h3>
${list(
  r.drift.alerts.map(
    (a) => `${a.severity}: ${a.title} (owner ${a.ownerName ?? 'nobody'}, since ${utcStamp(a.openedAt)})`,
  ),
  'No live drift alerts.',
  'drift-list',
)}</section>`;
}

function rollout(r: WeeklyReport): string {
  const o = r.rollout;
  return `<section data-testid="rollout"><h2>4. What is the next step of the rollout?</h2>
<p class="answer">${e(`${count(o.liveCells)} of ${count(o.cells)} cohort × category cells are live (suggest or auto).`)}</p>
<h3>Ready to step up (gates pass)</h3>
${list(
  o.ready.map((c) => `${c.cohortName} × ${c.categoryName}: ${c.from} → ${c.to}`),
  'No cell has passing gates for its next stage.',
  'ready-list',
)}
<h3>Waiting for approval</h3>
${list(
  o.pending.map(
    (c) =>
      `${c.cohortName} × ${c.categoryName} to ${c.to}: ${c.approvals} of ${c.needed} approvals (requested by ${c.requestedBy})`,
  ),
  'No step up is waiting for approval.',
  'pending-list',
)}
<h3>Rolled back this week</h3>
${list(
  o.rollbacks.map(
    (c) =>
      `${c.cohortName} × ${c.categoryName}: ${c.from} → ${c.to} on ${utcStamp(c.at)}, because ${c.reason}`,
  ),
  'No automatic rollback this week.',
  'rollback-list',
)}</section>`;
}

export function renderWeeklyReport(r: WeeklyReport, links: { previous: string; app: string }): string {
  const title = `Weekly report ${r.week} · ${r.workspaceName}`;
  const empty = r.empty
    ? `<p class="banner" data-testid="empty-week">No tickets arrived and nothing was decided in ${e(r.week)}: there is nothing to measure this week. Operations below are as they stand.</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${reportStyles}</style></head>
<body><main class="report">
<div class="toolbar no-print"><a href="${e(links.app)}">Triage</a> · <a href="${e(links.previous)}" data-testid="previous-week">${e(r.previousWeek)}</a> · <button type="button" onclick="window.print()">Print or save as PDF</button></div>
<header><h1>${e(r.workspaceName)}: the AI in ${e(r.week)}</h1>
<p class="muted">${e(`${longDay(r.from)} – ${longDay(r.to)} (UTC)${r.complete ? '' : ', so far'} · generated ${utcStamp(r.generatedAt)} · escalations, drift and the rollout as of then`)}</p></header>
${empty}${usage(r)}${value(r)}<div class="page-break"></div>${failures(r)}${rollout(r)}
</main></body></html>`;
}

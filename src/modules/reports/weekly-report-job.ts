import { maybeOne } from '../../platform/db/database.js';
import { appendEvent, systemActor } from '../../platform/events/index.js';
import { isoWeekOf, weekStartOf } from '../../platform/iso-week.js';
import { enqueueEffect } from '../../platform/outbox/index.js';
import { notify } from '../notifications/index.js';
import { renderWeeklyReport } from './render-weekly-report.js';
import { WEEKLY_REPORT_EMAIL, type WeeklyReportEmailPayload } from './weekly-report-email.js';
import { latestCompleteWeek, type ReportDeps, weeklyReport } from './weekly-report.js';
import { weeklySummary } from './weekly-summary.js';

export interface WeeklyReportJobDeps extends ReportDeps {
  config: ReportDeps['config'] & {
    report: {
      weekday: number;
      hour: number;
      baseUrl: string;
      email: { to: string[] } | null;
    };
  };
}

export const reportsActor = systemActor('Triage reports');

/** When the report of the week before `now`'s week is due: ISO weekday and hour (UTC) of this week. */
export function weeklyReportDueAt(now: Date, schedule: { weekday: number; hour: number }): Date {
  return new Date(weekStartOf(now).getTime() + ((schedule.weekday - 1) * 24 + schedule.hour) * 3_600_000);
}

export const weeklyReportUrl = (baseUrl: string, week: string) => `${baseUrl}/reports/weekly/${week}`;

/**
 * The worker's weekly report job (run every TRIAGE_REPORT_CHECK_MINUTES). Once the configured
 * weekday and hour have passed, each workspace's report of the last complete week is sent through
 * the outbox to its notification endpoints — exactly once per workspace and week: the
 * weekly_report_sends row and the notifications commit together, the row's key refuses a second
 * send (another worker, a later tick), and the outbox's idempotency key holds the week too.
 */
export const weeklyReportJob = {
  name: 'reports.weekly',
  version: 1,
  async run(deps: WeeklyReportJobDeps): Promise<{ week: string | null; sent: number }> {
    const now = deps.clock.now();
    if (now.getTime() < weeklyReportDueAt(now, deps.config.report).getTime()) return { week: null, sent: 0 };
    const week = latestCompleteWeek(now);
    const due = await deps.db.query<{ id: string }>(
      `SELECT w.id FROM workspaces w
        WHERE NOT EXISTS (SELECT 1 FROM weekly_report_sends s WHERE s.workspace_id = w.id AND s.iso_week = $1)
        ORDER BY w.created_at`,
      [week],
    );
    let sent = 0;
    for (const { id } of due) if (await sendWeeklyReport(deps, id, week)) sent++;
    return { week, sent };
  },
} as const;

/** Sends one workspace's report of `week`, unless it was sent already. True when this call sent it. */
export async function sendWeeklyReport(deps: WeeklyReportJobDeps, workspaceId: string, week: string) {
  const report = await weeklyReport(deps, workspaceId, week);
  const { baseUrl, email } = deps.config.report;
  const notification = weeklySummary(report, weeklyReportUrl(baseUrl, week));
  const mail: WeeklyReportEmailPayload | null = email && {
    to: email.to,
    subject: notification.title,
    text: [
      notification.title,
      '',
      ...(notification.fields ?? []).map((f) => `${f.label}\n${f.value}\n`),
      weeklyReportUrl(baseUrl, week),
    ].join('\n'),
    html: renderWeeklyReport(report, {
      previous: weeklyReportUrl(baseUrl, report.previousWeek),
      app: `${baseUrl}/staffing`,
    }),
  };
  return deps.db.transaction(async (tx) => {
    const claimed = await maybeOne(
      tx,
      `INSERT INTO weekly_report_sends (workspace_id, iso_week, sent_at, notifications) VALUES ($1, $2, $3, 0)
       ON CONFLICT (workspace_id, iso_week) DO NOTHING RETURNING iso_week`,
      [workspaceId, week, report.generatedAt],
    );
    if (!claimed) return false;
    let notifications = await notify(tx, workspaceId, notification);
    if (mail) {
      const sent = await enqueueEffect(tx, {
        workspaceId,
        kind: WEEKLY_REPORT_EMAIL,
        orderingKey: 'weekly-report-email',
        idempotencyKey: `weekly-report:${week}@email`,
        payload: mail,
        enqueuedAt: report.generatedAt,
      });
      if (sent.enqueued) notifications++;
    }
    await tx.query(
      'UPDATE weekly_report_sends SET notifications = $3 WHERE workspace_id = $1 AND iso_week = $2',
      [workspaceId, week, notifications],
    );
    await appendEvent(tx, {
      workspaceId,
      actor: reportsActor,
      action: 'report.weekly_sent',
      subjectType: 'weekly_report',
      subjectId: week,
      payload: {
        week,
        notifications,
        url: notification.link?.url ?? null,
        generatedIn: isoWeekOf(report.generatedAt),
      },
      occurredAt: report.generatedAt,
    });
    return true;
  });
}

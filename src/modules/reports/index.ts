// Reports: the weekly stakeholder report — are people using it, does it reduce work, where does
// it fail, what is the next step of the rollout — as data, as a printable page at a stable URL,
// and sent once a week through the outbox to the notification endpoints.
export { renderWeeklyReport } from './render-weekly-report.js';
export { reportsRoutes } from './reports-routes.js';
export {
  latestCompleteWeek,
  type ReportDeps,
  reportableWeek,
  type WeeklyReport,
  weeklyReport,
} from './weekly-report.js';
export {
  sendWeeklyReport,
  type WeeklyReportJobDeps,
  weeklyReportDueAt,
  weeklyReportJob,
  weeklyReportUrl,
} from './weekly-report-job.js';
export { WEEKLY_REPORT_EMAIL, weeklyReportEmailHandler } from './weekly-report-email.js';
export { weeklySummary } from './weekly-summary.js';

// ISO 8601 weeks in UTC: Monday 00:00 to the next Monday, named like 2026-W47. Week 1 is the
// week with the year's first Thursday, so the first days of January can belong to the previous
// year's last week.

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
export const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** The Monday 00:00 UTC that starts the week of `at`. */
export function weekStartOf(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY_MS);
}

export function isoWeekOf(at: Date): string {
  const monday = weekStartOf(at);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayWeek = weekStartOf(firstThursday(year));
  const week = Math.round((monday.getTime() - firstThursdayWeek.getTime()) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function firstThursday(year: number): Date {
  const jan1 = new Date(Date.UTC(year, 0, 1));
  return new Date(jan1.getTime() + ((4 - jan1.getUTCDay() + 7) % 7) * DAY_MS);
}

/** The week's span, or null when `week` is not a week that exists (2026-W54, 2026-W00). */
export function isoWeekSpan(week: string): { start: Date; end: Date } | null {
  const m = ISO_WEEK_PATTERN.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const start = new Date(weekStartOf(firstThursday(year)).getTime() + (n - 1) * WEEK_MS);
  if (n < 1 || isoWeekOf(start) !== week) return null;
  return { start, end: new Date(start.getTime() + WEEK_MS) };
}

/** The week before `week` (which must exist). */
export function previousIsoWeek(week: string): string {
  const span = isoWeekSpan(week);
  if (!span) throw new Error(`not an ISO week: ${week}`);
  return isoWeekOf(new Date(span.start.getTime() - WEEK_MS));
}

export const ONE_WEEK_MS = WEEK_MS;

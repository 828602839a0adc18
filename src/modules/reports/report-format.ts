// Small formatting helpers of the weekly report (HTML and chat summary), pure.

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A share as a percentage with one decimal, or a dash without data. */
export const pct = (share: number | null | undefined): string =>
  share == null || Number.isNaN(share) ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;

export const minutes = (m: number | null | undefined): string =>
  m == null || Number.isNaN(m) ? '—' : `${(Math.round(m * 10) / 10).toLocaleString('en-US')} min`;

export const decimal = (n: number | null | undefined, digits = 1): string =>
  n == null || Number.isNaN(n) ? '—' : (Math.round(n * 10 ** digits) / 10 ** digits).toLocaleString('en-US');

/** "+12", "−3", "±0" for counts; points for shares ("+2.5 pts"); "—" when either side is missing. */
export function change(
  now: number | null,
  before: number | null,
  kind: 'count' | 'share' | 'decimal',
): string {
  if (now == null || before == null) return '—';
  const diff = kind === 'share' ? (now - before) * 100 : now - before;
  const rounded = kind === 'count' ? Math.round(diff) : Math.round(diff * 10) / 10;
  if (rounded === 0) return '±0';
  const sign = rounded > 0 ? '+' : '−';
  const body = kind === 'count' ? count(Math.abs(rounded)) : Math.abs(rounded).toFixed(1);
  return `${sign}${body}${kind === 'share' ? ' pts' : ''}`;
}

const monthDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "16 Nov 2026" from "2026-11-16". */
export const longDay = (isoDay: string): string => monthDay.format(new Date(`${isoDay}T00:00:00Z`));

export const utcStamp = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

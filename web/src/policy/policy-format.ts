// Pure helpers of the Policy page: labels, percent inputs, backtest figures and their changes.
import type { Autonomy, BacktestReport } from './policy-types.js';

/** Least to most autonomous, as on the server. */
const autonomyOrder: readonly Autonomy[] = ['human_only', 'suggest', 'auto'];

export const autonomyChoices: readonly { value: Autonomy; label: string; help: string }[] = [
  { value: 'auto', label: 'Auto', help: 'the AI applies the category alone when it is confident enough' },
  { value: 'suggest', label: 'Suggest', help: 'the AI suggests, a person confirms' },
  { value: 'human_only', label: 'Human only', help: 'the AI stays out, a person decides' },
];

export function autonomyLabel(autonomy: Autonomy): string {
  return autonomyChoices.find((c) => c.value === autonomy)?.label ?? autonomy;
}

export function autonomyHelp(autonomy: Autonomy): string {
  return autonomyChoices.find((c) => c.value === autonomy)?.help ?? '';
}

/** True when `to` lets the AI do more than `from`: such a change is backtested before it applies. */
export function raisesAutonomy(from: Autonomy, to: Autonomy): boolean {
  return autonomyOrder.indexOf(to) > autonomyOrder.indexOf(from);
}

const percentFormat = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 0.975 → "97.5%", 0.02142 → "2.1%": finer than lib/format's whole percent, for backtest figures. */
export function percent1(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return '—';
  return percentFormat.format(p);
}

/** 50.571 → "50.6", 3 → "3": items per day, touches and minutes per 100 tickets, hours. */
export function decimal1(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return '—';
  return decimalFormat.format(n);
}

/** A fraction as the number a person types into a percent field: 0.99 → "99", 0.975 → "97.5". */
export function percentInputValue(fraction: number): string {
  return String(Math.round(fraction * 10_000) / 100);
}

/**
 * What a person typed ("97.5", "97,5 %") if it is a number from `min` to `max` in the units typed,
 * else null; a percentage comes back as a fraction (97.5 → 0.975).
 */
export function parseBounded(text: string, min: number, max: number, unit: 'percent' | 'plain' = 'plain') {
  const cleaned = text.replace('%', '').replace(',', '.').trim();
  const value = Number(cleaned);
  if (cleaned === '' || !Number.isFinite(value) || value < min || value > max) return null;
  return unit === 'percent' ? Math.round(value * 100) / 10_000 : value;
}

export type FigureKind = 'share' | 'number';
export type Tone = 'better' | 'worse' | 'same' | 'neutral';

export interface BacktestFigure {
  key: string;
  label: string;
  kind: FigureKind;
  /** Which way is good; null where neither is (the suggested share moves with the others). */
  better: 'higher' | 'lower' | null;
  /** Per report; null where the figure does not exist (precision when nothing was applied). */
  values: (number | null)[];
}

/** The figures that compare two policies, one value per report, in the order people read them. */
export function backtestFigures(reports: readonly BacktestReport[]): BacktestFigure[] {
  const of = (pick: (r: BacktestReport) => number | null) => reports.map(pick);
  return [
    {
      key: 'autoShare',
      label: 'Applied automatically',
      kind: 'share',
      better: 'higher',
      values: of((r) => r.autoShare),
    },
    {
      key: 'autoPrecision',
      label: '… of those right (precision)',
      kind: 'share',
      better: 'higher',
      values: of((r) => (r.autoShare > 0 ? r.autoPrecision : null)),
    },
    {
      key: 'suggestShare',
      label: 'Suggested to a person',
      kind: 'share',
      better: null,
      values: of((r) => r.suggestShare),
    },
    {
      key: 'suggestTop3Hit',
      label: '… right category in the top 3',
      kind: 'share',
      better: 'higher',
      values: of((r) => (r.suggestShare > 0 ? r.suggestTop3Hit : null)),
    },
    {
      key: 'reviewShare',
      label: 'Sent to review',
      kind: 'share',
      better: 'lower',
      values: of((r) => r.reviewShare),
    },
    {
      key: 'touchesPer100',
      label: 'Human touches per 100 tickets',
      kind: 'number',
      better: 'lower',
      values: of((r) => r.touchesPer100),
    },
    {
      key: 'minutesSavedPer100',
      label: 'Minutes saved per 100 tickets',
      kind: 'number',
      better: 'higher',
      values: of((r) => r.minutesSavedPer100),
    },
  ];
}

export function figureText(kind: FigureKind, value: number | null): string {
  return kind === 'share' ? percent1(value) : decimal1(value);
}

/**
 * How `value` differs from `base`: shares in percentage points ("+2.1 pts"), other figures as
 * numbers ("−3.2"), with whether that is better or worse; "same" when it rounds to nothing.
 */
export function figureChange(
  kind: FigureKind,
  better: 'higher' | 'lower' | null,
  base: number | null,
  value: number | null,
): { text: string; tone: Tone } {
  if (base == null || value == null) return { text: '—', tone: 'neutral' };
  const delta = kind === 'share' ? (value - base) * 100 : value - base;
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return { text: 'same', tone: 'same' };
  const sign = rounded > 0 ? '+' : '−';
  const text = `${sign}${decimal1(Math.abs(rounded))}${kind === 'share' ? ' pts' : ''}`;
  if (better == null) return { text, tone: 'neutral' };
  const good = better === 'higher' ? rounded > 0 : rounded < 0;
  return { text, tone: good ? 'better' : 'worse' };
}

/** "1 out of scope, 3 low confidence": why the replayed tickets went to review. */
export function reviewReasonsText(reasons: Record<string, number>): string {
  const words: Record<string, string> = {
    low_confidence: 'low confidence',
    out_of_scope: 'out of scope',
    human_only: 'human only',
    model_unavailable: 'no model',
  };
  const parts = Object.entries(reasons)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${n} ${words[reason] ?? reason.replace(/_/g, ' ')}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** Person-hours a day, readable at a glance: 1.264 → "1.3 h", 0.04 → "0.04 h", 0 → "0 h". */
export function hoursText(hours: number): string {
  if (hours > 0 && hours < 0.1) return `${hours.toFixed(2)} h`;
  return `${decimal1(hours)} h`;
}

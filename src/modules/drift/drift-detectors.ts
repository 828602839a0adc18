// The drift detectors: pure functions from aggregated figures to a verdict. Each says
// 'drifting' (with the figures a person needs to judge it), 'steady', or 'too_few' when the
// sample cannot tell — an alert is only closed on 'steady', never for lack of data.

/** What the check aggregates per time window of decisions (oldest first; the last is the current one). */
export interface WindowStats {
  start: Date;
  end: Date;
  /** Decisions with a model prediction in the window. */
  decisions: number;
  /** Sum of the top confidence over those decisions. */
  confidenceSum: number;
  /** How many of them the out-of-scope detector flagged. */
  outOfScope: number;
}

export type Severity = 'warning' | 'critical';

export interface SeriesPoint {
  windowStart: string;
  value: number | null;
  sample: number;
}

export interface DriftFigures {
  metric: string;
  current: number;
  baseline: number;
  threshold: number;
  windowStart: string;
  windowEnd: string;
  sample: number;
  baselineSample: number;
  /** The metric per window, oldest first (null where a window had no decisions). */
  series: SeriesPoint[];
  /** For the category mix: the categories that moved most, with their shares. */
  movers?: CategoryShift[];
  /** For a cluster: the suggested name, its top terms and how tight it is (0–1). */
  suggestedName?: string;
  topTerms?: string[];
  cohesion?: number;
}

export type Verdict =
  | { status: 'drifting'; severity: Severity; figures: DriftFigures; categoryId: string | null }
  | { status: 'steady'; figures: DriftFigures | null }
  | { status: 'too_few'; sample: number; needed: number };

export interface ThresholdOptions {
  /** Fewest decisions in the current window (and in the baseline) for a verdict. */
  minSample: number;
  /** The change that makes a warning; twice it is critical. */
  threshold: number;
}

export const CONFIDENCE_DEFAULTS: ThresholdOptions = { minSample: 30, threshold: 0.1 };
export const OUT_OF_SCOPE_DEFAULTS: ThresholdOptions = { minSample: 30, threshold: 0.05 };
/** PSI bands as commonly used: below 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major one. */
export const PSI_WARNING = 0.1;
export const PSI_CRITICAL = 0.25;
export const MIX_MIN_SAMPLE = 50;
/**
 * PSI of a sample drawn from the very same mix is not zero: it is about (k − 1) / n for k
 * categories and n tickets (14 categories and 80 tickets: 0.16, past the warning band). The
 * window therefore needs at least this many tickets per category beyond the first, which
 * keeps that noise near 0.05.
 */
export const MIX_SAMPLE_PER_CATEGORY = 20;

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function seriesOf(windows: WindowStats[], value: (w: WindowStats) => number): SeriesPoint[] {
  return windows.map((w) => ({
    windowStart: w.start.toISOString(),
    value: w.decisions > 0 ? round(value(w)) : null,
    sample: w.decisions,
  }));
}

/**
 * Compares a rate in the current window with the same rate pooled over the earlier windows.
 * `drop` says which direction is bad: a falling confidence, a rising out-of-scope share.
 */
function compareWithBaseline(
  windows: WindowStats[],
  metric: string,
  numerator: (w: WindowStats) => number,
  direction: 'drop' | 'rise',
  options: ThresholdOptions,
): Verdict {
  const current = windows.at(-1);
  if (!current) return { status: 'too_few', sample: 0, needed: options.minSample };
  const earlier = windows.slice(0, -1);
  const baselineSample = earlier.reduce((n, w) => n + w.decisions, 0);
  if (current.decisions < options.minSample || baselineSample < options.minSample) {
    return {
      status: 'too_few',
      sample: Math.min(current.decisions, baselineSample),
      needed: options.minSample,
    };
  }
  const now = numerator(current) / current.decisions;
  const before = earlier.reduce((s, w) => s + numerator(w), 0) / baselineSample;
  const change = direction === 'drop' ? before - now : now - before;
  const figures: DriftFigures = {
    metric,
    current: round(now),
    baseline: round(before),
    threshold: options.threshold,
    windowStart: current.start.toISOString(),
    windowEnd: current.end.toISOString(),
    sample: current.decisions,
    baselineSample,
    series: seriesOf(windows, (w) => numerator(w) / w.decisions),
  };
  if (change < options.threshold) return { status: 'steady', figures };
  const severity: Severity = change >= 2 * options.threshold ? 'critical' : 'warning';
  return { status: 'drifting', severity, figures, categoryId: null };
}

/** Confidence sliding down: the mean top confidence now vs the earlier windows. */
export function detectConfidenceDrop(windows: WindowStats[], options = CONFIDENCE_DEFAULTS): Verdict {
  return compareWithBaseline(windows, 'mean confidence', (w) => w.confidenceSum, 'drop', options);
}

/** Out of scope rising: the share the out-of-scope detector flags now vs the earlier windows. */
export function detectOutOfScopeRise(windows: WindowStats[], options = OUT_OF_SCOPE_DEFAULTS): Verdict {
  return compareWithBaseline(windows, 'out-of-scope share', (w) => w.outOfScope, 'rise', options);
}

export interface CategoryShift {
  categoryId: string;
  /** Filled in by the check, for people. */
  categoryName?: string;
  expectedShare: number;
  actualShare: number;
  /** This category's term of the PSI sum. */
  contribution: number;
}

const sizeOf = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

// A category absent on one side would make ln(a/e) infinite; a small floor keeps the index finite
// and still large for a category that appears from nowhere.
const SHARE_FLOOR = 0.0001;

/**
 * Population stability index of two count tables over the same categories:
 * Σ (actual − expected) · ln(actual / expected), shares floored at 0.01 %.
 */
export function populationStabilityIndex(
  expected: ReadonlyMap<string, number>,
  actual: ReadonlyMap<string, number>,
): { psi: number; shifts: CategoryShift[] } {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  const e = sizeOf(expected);
  const a = sizeOf(actual);
  const shifts = keys.map((categoryId) => {
    const expectedShare = e > 0 ? (expected.get(categoryId) ?? 0) / e : 0;
    const actualShare = a > 0 ? (actual.get(categoryId) ?? 0) / a : 0;
    const pe = Math.max(expectedShare, SHARE_FLOOR);
    const pa = Math.max(actualShare, SHARE_FLOOR);
    return { categoryId, expectedShare, actualShare, contribution: (pa - pe) * Math.log(pa / pe) };
  });
  return { psi: shifts.reduce((s, x) => s + x.contribution, 0), shifts };
}

export interface WindowMix {
  start: Date;
  end: Date;
  /** Decisions per predicted category in the window. */
  counts: ReadonlyMap<string, number>;
}

/**
 * Category mix shifting: the PSI of the categories predicted in the current window (the last
 * one) against the champion's training labels. When one category accounts for most of the
 * shift, the alert is about that category (its owner may own it).
 */
export function detectCategoryMixShift(
  trainingMix: ReadonlyMap<string, number>,
  windows: WindowMix[],
  options: { minSample: number } = { minSample: MIX_MIN_SAMPLE },
): Verdict {
  const current = windows.at(-1);
  const sample = current ? sizeOf(current.counts) : 0;
  const trained = sizeOf(trainingMix);
  const categories = new Set([...trainingMix.keys(), ...(current?.counts.keys() ?? [])]).size;
  const needed = Math.max(options.minSample, MIX_SAMPLE_PER_CATEGORY * (categories - 1));
  if (!current || sample < needed || trained < needed) {
    return { status: 'too_few', sample: Math.min(sample, trained), needed };
  }
  const { psi, shifts } = populationStabilityIndex(trainingMix, current.counts);
  const movers = shifts
    .filter((s) => s.contribution > 0)
    .sort((x, y) => y.contribution - x.contribution || x.categoryId.localeCompare(y.categoryId))
    .slice(0, 5)
    .map((s) => ({
      ...s,
      expectedShare: round(s.expectedShare),
      actualShare: round(s.actualShare),
      contribution: round(s.contribution),
    }));
  const figures: DriftFigures = {
    metric: 'population stability index',
    current: round(psi),
    baseline: 0,
    threshold: PSI_WARNING,
    windowStart: current.start.toISOString(),
    windowEnd: current.end.toISOString(),
    sample,
    baselineSample: trained,
    series: windows.map((w) => {
      const n = sizeOf(w.counts);
      return {
        windowStart: w.start.toISOString(),
        value: n > 0 ? round(populationStabilityIndex(trainingMix, w.counts).psi) : null,
        sample: n,
      };
    }),
    movers,
  };
  if (psi < PSI_WARNING) return { status: 'steady', figures };
  const top = movers[0];
  const categoryId = top && top.contribution >= psi / 2 ? top.categoryId : null;
  return { status: 'drifting', severity: psi >= PSI_CRITICAL ? 'critical' : 'warning', figures, categoryId };
}

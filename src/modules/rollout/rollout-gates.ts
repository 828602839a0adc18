// Stages and gates of the rollout, pure: which stage follows which, the default gates of each
// step up, and how a set of gates is judged against measured metrics.

export const stages = ['off', 'shadow', 'suggest', 'auto'] as const;
export type Stage = (typeof stages)[number];
export type TargetStage = Exclude<Stage, 'off'>;

export const gateMetrics = [
  'decided_tickets',
  'precision',
  'acceptance',
  'override',
  'minutes_vs_baseline',
  'overdue_escalations',
] as const;
export type GateMetric = (typeof gateMetrics)[number];
export const gateOps = ['>=', '<=', '>', '<'] as const;
export type GateOp = (typeof gateOps)[number];

export interface Gate {
  metric: GateMetric;
  op: GateOp;
  value: number;
  /** Fewest cases the metric must rest on before its breach rolls a live stage back. */
  minSample?: number;
}

export const DEFAULT_ROLLBACK_MIN_SAMPLE = 20;

/** A metric's value over the window (null: nothing to measure yet) and how many cases it rests on. */
export interface MetricValue {
  value: number | null;
  sample: number;
}
export type GateMetrics = Record<GateMetric, MetricValue>;

export interface GateResult extends Gate {
  current: number | null;
  sample: number;
  pass: boolean;
  /** The trend: the metric over the window before this one (null: nothing measured then). */
  previous?: number | null;
}

export function nextStage(stage: Stage): TargetStage | null {
  const i = stages.indexOf(stage);
  return i < stages.length - 1 ? (stages[i + 1] as TargetStage) : null;
}

export function previousStage(stage: Stage): Stage | null {
  const i = stages.indexOf(stage);
  return i > 0 ? stages[i - 1]! : null;
}

/**
 * Defaults when a workspace stored none. Shadow shows nothing, so entering it needs approval only;
 * suggesting needs the shadow predictions to have been right; applying needs people to accept
 * the suggestions and rarely change them.
 */
export const DEFAULT_GATES: Record<TargetStage, Gate[]> = {
  shadow: [],
  suggest: [
    { metric: 'decided_tickets', op: '>=', value: 200 },
    { metric: 'precision', op: '>=', value: 0.98 },
    { metric: 'overdue_escalations', op: '<=', value: 0 },
  ],
  auto: [
    { metric: 'decided_tickets', op: '>=', value: 200 },
    { metric: 'precision', op: '>=', value: 0.98 },
    { metric: 'acceptance', op: '>=', value: 0.85 },
    { metric: 'override', op: '<=', value: 0.05 },
    // Minutes per ticket no higher than the baseline's (ratio ≤ 1): the AI must reduce work.
    { metric: 'minutes_vs_baseline', op: '<=', value: 1 },
    { metric: 'overdue_escalations', op: '<=', value: 0 },
  ],
};

function holds(current: number, op: GateOp, value: number): boolean {
  switch (op) {
    case '>=':
      return current >= value;
    case '<=':
      return current <= value;
    case '>':
      return current > value;
    case '<':
      return current < value;
  }
}

/**
 * Each gate with its current value; a metric with nothing measured yet does not pass. With the
 * previous window's metrics, each result also carries the value then, for the trend.
 */
export function evaluateGates(
  gates: readonly Gate[],
  metrics: GateMetrics,
  previous?: GateMetrics,
): GateResult[] {
  return gates.map((gate) => {
    const { value: current, sample } = metrics[gate.metric];
    const pass = current !== null && holds(current, gate.op, gate.value);
    return {
      ...gate,
      current,
      sample,
      pass,
      ...(previous ? { previous: previous[gate.metric].value } : {}),
    };
  });
}

/**
 * The gates whose failure rolls a live stage back: measured on at least the gate's `minSample`
 * cases. The sample-size gate only guards entry — a quiet week is no evidence the AI got worse.
 */
export function breachedGates(results: readonly GateResult[]): GateResult[] {
  return results.filter(
    (r) =>
      !r.pass &&
      r.metric !== 'decided_tickets' &&
      r.current !== null &&
      r.sample >= (r.minSample ?? DEFAULT_ROLLBACK_MIN_SAMPLE),
  );
}

/**
 * Minutes per ticket against the baseline: the cell's review minutes per ticket divided by the
 * baseline's (shadow and control decisions of the same category). 0.8 means a fifth less work;
 * null when either side has no settled ticket or the baseline took no minutes at all.
 */
export function minutesVsBaseline(
  cell: { minutes: number; tickets: number },
  baseline: { minutes: number; tickets: number } | undefined,
): number | null {
  if (!baseline || cell.tickets === 0 || baseline.tickets === 0 || baseline.minutes <= 0) return null;
  return cell.minutes / cell.tickets / (baseline.minutes / baseline.tickets);
}

export function describeGate(r: GateResult): string {
  const shown = r.current === null ? 'no data' : Number(r.current.toFixed(3)).toString();
  return `${r.metric.replace(/_/g, ' ')} ${shown} (gate ${r.op} ${r.value}, ${r.sample} cases)`;
}

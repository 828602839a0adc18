import { describe, expect, it } from 'vitest';
import {
  breachedGates,
  DEFAULT_GATES,
  evaluateGates,
  type GateMetrics,
  minutesVsBaseline,
  nextStage,
  previousStage,
} from './rollout-gates.js';

const metrics = (over: Partial<GateMetrics> = {}): GateMetrics => ({
  decided_tickets: { value: 250, sample: 250 },
  precision: { value: 0.99, sample: 120 },
  acceptance: { value: 0.9, sample: 80 },
  override: { value: 0.03, sample: 200 },
  minutes_vs_baseline: { value: 0.6, sample: 240 },
  overdue_escalations: { value: 0, sample: 0 },
  ...over,
});

describe('evaluateGates', () => {
  it('passes every default auto gate when each metric is on the right side', () => {
    const results = evaluateGates(DEFAULT_GATES.auto, metrics());
    expect(results.map((r) => [r.metric, r.current, r.pass])).toEqual([
      ['decided_tickets', 250, true],
      ['precision', 0.99, true],
      ['acceptance', 0.9, true],
      ['override', 0.03, true],
      ['minutes_vs_baseline', 0.6, true],
      ['overdue_escalations', 0, true],
    ]);
  });

  it('fails a gate on the wrong side, and at the boundary only for strict operators', () => {
    const m = metrics({ precision: { value: 0.98, sample: 50 }, override: { value: 0.06, sample: 50 } });
    const [atBoundary, strict, over] = evaluateGates(
      [
        { metric: 'precision', op: '>=', value: 0.98 },
        { metric: 'precision', op: '>', value: 0.98 },
        { metric: 'override', op: '<=', value: 0.05 },
      ],
      m,
    );
    expect(atBoundary!.pass).toBe(true);
    expect(strict!.pass).toBe(false);
    expect(over!.pass).toBe(false);
  });

  it('carries the previous window’s value for the trend when given', () => {
    const [r] = evaluateGates(
      [{ metric: 'precision', op: '>=', value: 0.98 }],
      metrics(),
      metrics({ precision: { value: 0.95, sample: 90 } }),
    );
    expect(r).toMatchObject({ current: 0.99, previous: 0.95, pass: true });
    expect(evaluateGates([{ metric: 'precision', op: '>=', value: 0.98 }], metrics())[0]).not.toHaveProperty(
      'previous',
    );
  });

  it('does not pass a gate whose metric has nothing measured', () => {
    const [r] = evaluateGates(
      [{ metric: 'acceptance', op: '>=', value: 0.85 }],
      metrics({ acceptance: { value: null, sample: 0 } }),
    );
    expect(r).toMatchObject({ current: null, pass: false });
  });
});

describe('breachedGates', () => {
  it('rolls back on a measured quality gate, never on the sample size or on too few cases', () => {
    const results = evaluateGates(
      DEFAULT_GATES.auto,
      metrics({
        decided_tickets: { value: 10, sample: 10 },
        precision: { value: 0.5, sample: 40 },
        acceptance: { value: 0.2, sample: 3 },
      }),
    );
    expect(breachedGates(results).map((r) => r.metric)).toEqual(['precision']);
    const strict = evaluateGates(
      [{ metric: 'acceptance', op: '>=', value: 0.85, minSample: 3 }],
      metrics({ acceptance: { value: 0.2, sample: 3 } }),
    );
    expect(breachedGates(strict).map((r) => r.metric)).toEqual(['acceptance']);
  });
});

describe('minutes per ticket against the baseline', () => {
  it("divides the cell's minutes per ticket by the baseline's", () => {
    // Cell: 30 tickets, 45 review minutes → 1.5 min/ticket. Baseline: 40 tickets, 120 minutes
    // → 3 min/ticket. 1.5 / 3 = 0.5: half the work.
    expect(minutesVsBaseline({ minutes: 45, tickets: 30 }, { minutes: 120, tickets: 40 })).toBe(0.5);
    // 100 minutes over 25 tickets = 4 min/ticket against 3: 4/3, more work than without the AI.
    expect(minutesVsBaseline({ minutes: 100, tickets: 25 }, { minutes: 120, tickets: 40 })).toBeCloseTo(
      4 / 3,
      10,
    );
  });

  it('has no value without a baseline or settled tickets on either side', () => {
    expect(minutesVsBaseline({ minutes: 10, tickets: 5 }, undefined)).toBeNull();
    expect(minutesVsBaseline({ minutes: 0, tickets: 0 }, { minutes: 120, tickets: 40 })).toBeNull();
    expect(minutesVsBaseline({ minutes: 10, tickets: 5 }, { minutes: 0, tickets: 40 })).toBeNull();
  });

  it('rolls a live stage back when minutes per ticket rise above the baseline on enough tickets', () => {
    const results = evaluateGates(
      DEFAULT_GATES.auto,
      metrics({ minutes_vs_baseline: { value: 1.25, sample: 30 } }),
    );
    expect(breachedGates(results).map((r) => r.metric)).toEqual(['minutes_vs_baseline']);
    const few = evaluateGates(
      DEFAULT_GATES.auto,
      metrics({ minutes_vs_baseline: { value: 1.25, sample: 5 } }),
    );
    expect(breachedGates(few)).toEqual([]);
  });
});

describe('stage ladder', () => {
  it('steps one stage at a time', () => {
    expect(nextStage('off')).toBe('shadow');
    expect(nextStage('suggest')).toBe('auto');
    expect(nextStage('auto')).toBeNull();
    expect(previousStage('auto')).toBe('suggest');
    expect(previousStage('off')).toBeNull();
  });
});

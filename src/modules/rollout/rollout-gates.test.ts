import { describe, expect, it } from 'vitest';
import {
  breachedGates,
  DEFAULT_GATES,
  evaluateGates,
  type GateMetrics,
  nextStage,
  previousStage,
} from './rollout-gates.js';

const metrics = (over: Partial<GateMetrics> = {}): GateMetrics => ({
  decided_tickets: { value: 250, sample: 250 },
  precision: { value: 0.99, sample: 120 },
  acceptance: { value: 0.9, sample: 80 },
  override: { value: 0.03, sample: 200 },
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

describe('stage ladder', () => {
  it('steps one stage at a time', () => {
    expect(nextStage('off')).toBe('shadow');
    expect(nextStage('suggest')).toBe('auto');
    expect(nextStage('auto')).toBeNull();
    expect(previousStage('auto')).toBe('suggest');
    expect(previousStage('off')).toBeNull();
  });
});

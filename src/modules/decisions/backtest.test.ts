import { describe, expect, it } from 'vitest';
import { syntheticTickets } from '../classifier/test-support/synthetic-tickets.js';
import { backtestDecisions } from './backtest.js';
import { DEFAULT_DECISION_POLICY } from './decide-action.js';

const train = syntheticTickets(40, 1);
const test = syntheticTickets(25, 2);
const policy = { ...DEFAULT_DECISION_POLICY, targetPrecision: 0.95 };

describe('backtestDecisions', () => {
  const report = backtestDecisions({ train, test, policy, minutesPerTicket: 2 });

  it('accounts for every ticket exactly once and derives touches and minutes from the shares', () => {
    expect(report.tickets).toBe(test.length);
    expect(report.autoShare + report.suggestShare + report.reviewShare).toBeCloseTo(1, 12);
    const reviewed = Object.values(report.reviewReasons).reduce((a, b) => a + b, 0);
    expect(reviewed / test.length).toBeCloseTo(report.reviewShare, 12);
    const wrongApplied = report.autoShare * (1 - report.autoPrecision);
    expect(report.touchesPer100).toBeCloseTo(
      (report.suggestShare + report.reviewShare + wrongApplied) * 100,
      9,
    );
    expect(report.minutesSavedPer100).toBeCloseTo((100 - report.touchesPer100) * 2, 9);
  });

  it('applies most of an easy set at high precision', () => {
    expect(report.autoShare).toBeGreaterThan(0.5);
    expect(report.autoPrecision).toBeGreaterThanOrEqual(0.95);
  });

  it('applies nothing when every category is suggest-only, and keeps the AI out of human-only ones', () => {
    const suggestOnly = backtestDecisions({ train, test, policy, autonomyOf: () => 'suggest' });
    expect(suggestOnly.autoShare).toBe(0);
    expect(suggestOnly.touchesPer100).toBe(100);
    expect(suggestOnly.minutesSavedPer100).toBe(0);
    const humanOnly = backtestDecisions({
      train,
      test,
      policy,
      autonomyOf: (c) => (c === 'billing' ? 'human_only' : 'auto'),
    });
    expect(humanOnly.reviewReasons.human_only).toBeGreaterThan(0);
  });

  it('rejects an empty test set and a negative time per ticket', () => {
    expect(() => backtestDecisions({ train, test: [], policy })).toThrow(RangeError);
    expect(() => backtestDecisions({ train, test, policy, minutesPerTicket: -1 })).toThrow(RangeError);
  });
});

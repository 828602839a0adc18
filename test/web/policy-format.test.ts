import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/client.js';
import { fieldErrorsOf } from '../../web/src/policy/policy-errors.js';
import {
  backtestFigures,
  decimal1,
  figureChange,
  hoursText,
  parseBounded,
  percent1,
  percentInputValue,
  raisesAutonomy,
  reviewReasonsText,
} from '../../web/src/policy/policy-format.js';
import type { BacktestReport } from '../../web/src/policy/policy-types.js';

// The Policy page's pure helpers (web/src/policy): what a person types and reads.

const report = (overrides: Partial<BacktestReport>): BacktestReport => ({
  tickets: 140,
  trainTickets: 560,
  autoShare: 0,
  autoPrecision: 1,
  suggestShare: 0.986,
  suggestTop3Hit: 0.993,
  reviewShare: 0.014,
  reviewReasons: { out_of_scope: 2 },
  touchesPer100: 100,
  minutesPerTicket: 1.5,
  minutesSavedPer100: 0,
  targetPrecision: 0.99,
  trainSeconds: 0.6,
  policy: { targetPrecision: 0.99, suggestThreshold: 0.2, outOfScopeCutoff: null },
  autonomy: {},
  ...overrides,
});

describe('policy formatting', () => {
  it('orders autonomy from human only to auto', () => {
    expect(raisesAutonomy('suggest', 'auto')).toBe(true);
    expect(raisesAutonomy('human_only', 'suggest')).toBe(true);
    expect(raisesAutonomy('auto', 'suggest')).toBe(false);
    expect(raisesAutonomy('suggest', 'human_only')).toBe(false);
    expect(raisesAutonomy('auto', 'auto')).toBe(false);
  });

  it('reads and writes percent fields without float noise', () => {
    expect(percentInputValue(0.99)).toBe('99');
    expect(percentInputValue(0.975)).toBe('97.5');
    // A float4 column read back: 0.97 arrives as 0.9700000286102295.
    expect(percentInputValue(0.9700000286102295)).toBe('97');
    expect(parseBounded('97.5', 50, 100, 'percent')).toBe(0.975);
    expect(parseBounded(' 97,5 % ', 50, 100, 'percent')).toBe(0.975);
    expect(parseBounded('99', 50, 100, 'percent')).toBe(0.99);
    expect(parseBounded('40', 50, 100, 'percent')).toBeNull();
    expect(parseBounded('', 0, 1)).toBeNull();
    expect(parseBounded('abc', 0, 1)).toBeNull();
    expect(parseBounded('0.35', 0, 1)).toBe(0.35);
    expect(parseBounded('1.2', 0, 1)).toBeNull();
  });

  it('formats shares, numbers and hours', () => {
    expect(percent1(0.02142857)).toBe('2.1%');
    expect(percent1(1)).toBe('100%');
    expect(percent1(null)).toBe('—');
    expect(decimal1(50.5714)).toBe('50.6');
    expect(decimal1(3)).toBe('3');
    expect(hoursText(1.2642857)).toBe('1.3 h');
    expect(hoursText(0.04)).toBe('0.04 h');
    expect(hoursText(0)).toBe('0 h');
  });

  it('gives changes in points or numbers, and says whether they are better', () => {
    expect(figureChange('share', 'higher', 0, 0.0214)).toEqual({ text: '+2.1 pts', tone: 'better' });
    expect(figureChange('share', 'lower', 0.014, 0.05)).toEqual({ text: '+3.6 pts', tone: 'worse' });
    expect(figureChange('number', 'lower', 100, 97.857)).toEqual({ text: '−2.1', tone: 'better' });
    expect(figureChange('share', null, 0.986, 0.957)).toEqual({ text: '−2.9 pts', tone: 'neutral' });
    expect(figureChange('number', 'higher', 4.3, 4.32)).toEqual({ text: 'same', tone: 'same' });
    expect(figureChange('share', 'higher', null, 1)).toEqual({ text: '—', tone: 'neutral' });
  });

  it('has no precision where nothing was applied, and none for suggestions where none were made', () => {
    const figures = backtestFigures([
      report({}),
      report({ autoShare: 0.03, autoPrecision: 0.98, suggestShare: 0 }),
    ]);
    const of = (key: string) => figures.find((f) => f.key === key)?.values;
    expect(of('autoPrecision')).toEqual([null, 0.98]);
    expect(of('suggestTop3Hit')).toEqual([0.993, null]);
    expect(of('touchesPer100')).toEqual([100, 100]);
    expect(figures.map((f) => f.key)).toEqual([
      'autoShare',
      'autoPrecision',
      'suggestShare',
      'suggestTop3Hit',
      'reviewShare',
      'touchesPer100',
      'minutesSavedPer100',
    ]);
  });

  it('names why tickets went to review, most first', () => {
    expect(reviewReasonsText({ out_of_scope: 1, low_confidence: 3, human_only: 0 })).toBe(
      '3 low confidence, 1 out of scope',
    );
    expect(reviewReasonsText({})).toBe('none');
  });
});

describe('policy errors', () => {
  it("puts the server's validation issues on their fields and the rest on the form", () => {
    const refusal = new ApiError(400, 'validation_failed', 'Invalid request', 'r1', {
      issues: [
        { path: 'body.targetPrecision', message: 'Too big: expected number to be <=1' },
        { path: 'body', message: 'give at least one setting to change' },
      ],
    });
    expect(fieldErrorsOf(refusal, ['targetPrecision', 'suggestThreshold'])).toEqual({
      fields: { targetPrecision: 'The server refused it: Too big: expected number to be <=1.' },
      rest: 'The server refused it: give at least one setting to change.',
    });
    const other = new ApiError(500, 'internal_error', 'Something went wrong on our side', 'r2');
    expect(fieldErrorsOf(other, ['targetPrecision'])).toEqual({
      fields: {},
      rest: 'Something went wrong on our side',
    });
  });
});

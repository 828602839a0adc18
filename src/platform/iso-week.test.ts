import { describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeekSpan, previousIsoWeek, weekStartOf } from './iso-week.js';

describe('ISO weeks (UTC)', () => {
  it('names weeks as the calendar does', () => {
    expect(isoWeekOf(new Date('2026-11-24T14:00:00Z'))).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-22T23:59:59Z'))).toBe('2026-W47');
    // 1 January 2027 is a Friday: it belongs to the last week of 2026 (W53).
    expect(isoWeekOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
    // 29 December 2025 is a Monday whose Thursday is 1 January 2026: week 1 of 2026.
    expect(isoWeekOf(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
  });

  it('gives each week its Monday-to-Monday span and refuses weeks that do not exist', () => {
    expect(weekStartOf(new Date('2026-11-24T14:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(isoWeekSpan('2026-W47')).toEqual({
      start: new Date('2026-11-16T00:00:00Z'),
      end: new Date('2026-11-23T00:00:00Z'),
    });
    expect(isoWeekSpan('2026-W01')?.start.toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(isoWeekSpan('2026-W53')).not.toBeNull();
    expect(isoWeekSpan('2025-W53')).toBeNull();
    expect(isoWeekSpan('2026-W00')).toBeNull();
    expect(isoWeekSpan('2026-47')).toBeNull();
    expect(previousIsoWeek('2026-W01')).toBe('2025-W52');
  });
});

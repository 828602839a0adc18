import { describe, expect, it } from 'vitest';
import { onCallFrom, type Override, upcomingShifts } from './on-call.js';

const start = new Date('2026-11-02T08:00:00Z');
const rotation = { userIds: ['ann', 'bob', 'cy'], shiftHours: 24, startsAt: start };
const at = (iso: string) => new Date(iso);

describe('onCallFrom', () => {
  it('names nobody before the rotation starts or without a rotation', () => {
    expect(onCallFrom(rotation, [], at('2026-11-02T07:59:59Z'))).toBeNull();
    expect(onCallFrom(null, [], at('2026-11-03T00:00:00Z'))).toBeNull();
    expect(onCallFrom({ ...rotation, userIds: [] }, [], at('2026-11-03T00:00:00Z'))).toBeNull();
  });

  it('walks the rotation in order, shift by shift, and starts over', () => {
    expect(onCallFrom(rotation, [], start)).toEqual({
      userId: 'ann',
      source: 'rotation',
      from: start,
      until: at('2026-11-03T08:00:00Z'),
    });
    expect(onCallFrom(rotation, [], at('2026-11-03T08:00:00Z'))?.userId).toBe('bob');
    expect(onCallFrom(rotation, [], at('2026-11-05T07:59:59Z'))?.userId).toBe('cy');
    // Day 3 after the start: shift 3 → index 0 again.
    expect(onCallFrom(rotation, [], at('2026-11-05T08:00:00Z'))?.userId).toBe('ann');
  });

  it('lets an override win over the rotation, the latest created over an earlier one', () => {
    const overrides: Override[] = [
      {
        id: 'o1',
        userId: 'dee',
        startsAt: at('2026-11-02T12:00:00Z'),
        endsAt: at('2026-11-02T18:00:00Z'),
        createdAt: at('2026-11-01T00:00:00Z'),
      },
      {
        id: 'o2',
        userId: 'eve',
        startsAt: at('2026-11-02T16:00:00Z'),
        endsAt: at('2026-11-02T20:00:00Z'),
        createdAt: at('2026-11-01T01:00:00Z'),
      },
    ];
    expect(onCallFrom(rotation, overrides, at('2026-11-02T11:59:00Z'))?.userId).toBe('ann');
    expect(onCallFrom(rotation, overrides, at('2026-11-02T12:00:00Z'))).toMatchObject({
      userId: 'dee',
      source: 'override',
    });
    expect(onCallFrom(rotation, overrides, at('2026-11-02T17:00:00Z'))?.userId).toBe('eve');
    // The end is exclusive: back to the rotation.
    expect(onCallFrom(rotation, overrides, at('2026-11-02T20:00:00Z'))?.userId).toBe('ann');
    // An override covers even when there is no rotation.
    expect(onCallFrom(null, overrides, at('2026-11-02T13:00:00Z'))?.userId).toBe('dee');
  });
});

describe('upcomingShifts', () => {
  it('lists the shifts ahead, cut where an override begins and resumed where it ends', () => {
    const overrides: Override[] = [
      {
        id: 'o1',
        userId: 'dee',
        startsAt: at('2026-11-03T12:00:00Z'),
        endsAt: at('2026-11-03T18:00:00Z'),
        createdAt: at('2026-11-01T00:00:00Z'),
      },
    ];
    const shifts = upcomingShifts(rotation, overrides, at('2026-11-02T20:00:00Z'), 5);
    expect(shifts.map((s) => [s.userId, s.from.toISOString(), s.until.toISOString()])).toEqual([
      ['ann', '2026-11-02T20:00:00.000Z', '2026-11-03T08:00:00.000Z'],
      ['bob', '2026-11-03T08:00:00.000Z', '2026-11-03T12:00:00.000Z'],
      ['dee', '2026-11-03T12:00:00.000Z', '2026-11-03T18:00:00.000Z'],
      ['bob', '2026-11-03T18:00:00.000Z', '2026-11-04T08:00:00.000Z'],
      ['cy', '2026-11-04T08:00:00.000Z', '2026-11-05T08:00:00.000Z'],
    ]);
  });

  it('skips ahead to the rotation start', () => {
    const shifts = upcomingShifts(rotation, [], at('2026-11-01T00:00:00Z'), 1);
    expect(shifts[0]).toMatchObject({ userId: 'ann', from: start });
  });
});

import { describe, expect, it } from 'vitest';
import { dueAt, isOverdue } from './due-at.js';

describe('dueAt', () => {
  it('adds the SLA in minutes to the moment the item entered its queue', () => {
    const entered = new Date('2026-03-01T10:00:00.000Z');
    expect(dueAt(entered, 90).toISOString()).toBe('2026-03-01T11:30:00.000Z');
    expect(dueAt(entered, 24 * 60).toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('counts calendar time straight across a daylight-saving change', () => {
    // 2026-03-29 is the EU switch to summer time; a UTC duration ignores it.
    expect(dueAt(new Date('2026-03-29T00:30:00.000Z'), 120).toISOString()).toBe('2026-03-29T02:30:00.000Z');
  });
});

describe('isOverdue', () => {
  it('is on time up to and including the deadline, overdue a millisecond after', () => {
    const due = new Date('2026-03-01T11:30:00.000Z');
    expect(isOverdue(due, new Date('2026-03-01T11:29:59.999Z'))).toBe(false);
    expect(isOverdue(due, due)).toBe(false);
    expect(isOverdue(due, new Date('2026-03-01T11:30:00.001Z'))).toBe(true);
  });
});

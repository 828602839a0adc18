import { describe, expect, it } from 'vitest';
import { recommendStaffing, type StaffingInputs } from './recommend-staffing.js';

const base: StaffingInputs = {
  users: 100,
  usersSource: 'cohorts',
  reviewItemsPerWeek: 30,
  weeksMeasured: 4,
  minutesPerItem: 4,
  minutesSource: 'measured',
  minutesSamples: 25,
  hoursPerWeek: 40,
  focusShare: 0.8,
  currentPeople: 1,
  currentSource: 'rota',
};

describe('recommendStaffing (hand-computed)', () => {
  it('keeps the rule of thumb when the exceptions take less: 100 users, 30 items × 4 min', () => {
    const r = recommendStaffing(base);
    // 0.2 × 100 / 50 = 0.4; 30 × 4 = 120 min; 40 × 60 × 0.8 = 1920 min; 120 / 1920 = 0.0625.
    expect(r.ruleOfThumb).toBeCloseTo(0.4, 10);
    expect(r.exceptionMinutesPerWeek).toBe(120);
    expect(r.focusMinutesPerPersonWeek).toBe(1920);
    expect(r.exceptionLoad).toBeCloseTo(0.0625, 10);
    expect(r.recommended).toBeCloseTo(0.4, 10);
    expect(r.basis).toBe('rule_of_thumb');
    expect(r.peopleNeeded).toBe(1);
    expect(r.covered).toBe(true);
    expect(r.capacityMinutesPerWeek).toBe(1920);
    expect(r.explanation[0]).toBe(
      'Rule of thumb: 0.2 × 100 users ÷ 50 = 0.4 people (100 people in cohorts with the AI).',
    );
    expect(r.explanation[4]).toBe('Covered: 1 person on the on-call rota.');
  });

  it('raises it to the measured exception load: 50 users, 600 items × 6 min', () => {
    const r = recommendStaffing({ ...base, users: 50, reviewItemsPerWeek: 600, minutesPerItem: 6 });
    // 0.2 × 50 / 50 = 0.2; 600 × 6 = 3600 min; 3600 / 1920 = 1.875 people → 2 needed, 1 on the rota.
    expect(r.ruleOfThumb).toBeCloseTo(0.2, 10);
    expect(r.exceptionLoad).toBeCloseTo(1.875, 10);
    expect(r.recommended).toBeCloseTo(1.875, 10);
    expect(r.basis).toBe('exception_load');
    expect(r.peopleNeeded).toBe(2);
    expect(r.covered).toBe(false);
    expect(r.explanation[3]).toBe(
      'Recommended: the larger, 1.88 people (the measured exception load), so 2 people.',
    );
    expect(r.explanation[4]).toBe('Not covered: 1 person on the on-call rota, 1 short.');
  });

  it('needs exactly the whole people of an exact recommendation: 250 users → 1.0 person', () => {
    const r = recommendStaffing({ ...base, users: 250, reviewItemsPerWeek: 0, currentPeople: 0 });
    expect(r.recommended).toBeCloseTo(1, 10);
    expect(r.peopleNeeded).toBe(1);
    expect(r.covered).toBe(false);
  });

  it('needs nobody with no users and no exceptions, and labels the assumed minutes', () => {
    const r = recommendStaffing({
      ...base,
      users: 0,
      reviewItemsPerWeek: 0,
      weeksMeasured: 0,
      minutesSource: 'assumed',
      minutesSamples: 3,
      currentPeople: 0,
      currentSource: 'queues',
    });
    expect(r.recommended).toBe(0);
    expect(r.peopleNeeded).toBe(0);
    expect(r.covered).toBe(true);
    expect(r.assumptions[0]).toContain('Assumption: 4 minutes per item');
    expect(r.assumptions[0]).toContain('only 3 review items were timed');
    expect(r.assumptions[1]).toContain('No complete week');
  });

  it('counts a shorter focus week: 20 h at 50% focus = 600 min; 300 min of items = 0.5 people', () => {
    const r = recommendStaffing({
      ...base,
      users: 10,
      reviewItemsPerWeek: 100,
      minutesPerItem: 3,
      hoursPerWeek: 20,
      focusShare: 0.5,
    });
    expect(r.focusMinutesPerPersonWeek).toBe(600);
    expect(r.exceptionLoad).toBeCloseTo(0.5, 10);
    expect(r.ruleOfThumb).toBeCloseTo(0.04, 10);
    expect(r.peopleNeeded).toBe(1);
  });
});

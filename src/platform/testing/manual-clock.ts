import type { Clock } from '../clock.js';

/** A clock that moves only when a test moves it: back-off and leases without waiting. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(to: Date): void;
}

export function manualClock(start: Date = new Date('2026-03-02T09:00:00Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(to) {
      current = to.getTime();
    },
  };
}

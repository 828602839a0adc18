import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { escalateOverdue, type SweepResult } from './escalate-overdue.js';

/**
 * The worker's periodic escalation sweep (every TRIAGE_ESCALATION_SWEEP_SECONDS). It takes no
 * payload: each run looks at the whole database as of the clock's now, and running it twice,
 * or on several workers at once, escalates nothing twice.
 */
export const escalationSweepJob = {
  name: 'escalations.sweep',
  version: 1,
  run: (deps: { db: Database; clock: Clock }): Promise<SweepResult> =>
    escalateOverdue(deps, deps.clock.now()),
} as const;

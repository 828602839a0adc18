import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { checkDrift, type DriftCheckResult, type DriftSettings, workspacesToCheck } from './check-drift.js';

/**
 * The worker's periodic drift check (every TRIAGE_DRIFT_CHECK_MINUTES) over every workspace
 * with a champion model. No payload: each run looks at the windows ending at the clock's now,
 * and running it twice, or on several workers at once, raises nothing twice.
 */
export const driftCheckJob = {
  name: 'drift.check',
  version: 1,
  async run(deps: { db: Database; clock: Clock; drift: DriftSettings }): Promise<DriftCheckResult> {
    const total: DriftCheckResult = { opened: 0, updated: 0, resolved: 0 };
    for (const workspaceId of await workspacesToCheck(deps.db)) {
      const r = await checkDrift(deps, workspaceId, deps.clock.now(), deps.drift);
      total.opened += r.opened;
      total.updated += r.updated;
      total.resolved += r.resolved;
    }
    return total;
  },
} as const;

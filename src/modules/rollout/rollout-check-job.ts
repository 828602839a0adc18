import { checkRollout, type RolloutCheckResult, workspacesWithRollout } from './check-rollout.js';
import type { RolloutDeps } from './rollout-store.js';

/**
 * The worker's periodic gate check (every TRIAGE_ROLLOUT_CHECK_MINUTES). No payload: each run
 * measures the window ending at the clock's now; running it twice rolls nothing back twice,
 * because a rolled-back stage is judged by the lower stage's gates.
 */
export const rolloutCheckJob = {
  name: 'rollout.check',
  version: 1,
  async run(deps: RolloutDeps): Promise<RolloutCheckResult> {
    const total: RolloutCheckResult = { evaluated: 0, rolledBack: 0 };
    for (const workspaceId of await workspacesWithRollout(deps.db)) {
      const r = await checkRollout(deps, workspaceId);
      total.evaluated += r.evaluated;
      total.rolledBack += r.rolledBack;
    }
    return total;
  },
} as const;

import {
  type MetricsDeps,
  type RollupRun,
  refreshMetricRollups,
  workspacesWithTickets,
} from './refresh-rollups.js';

/**
 * The worker's rollup refresh (every TRIAGE_METRICS_ROLLUP_MINUTES). No payload: each run builds
 * a workspace's days from its earliest source row the first time, then the last
 * TRIAGE_METRICS_ROLLUP_WINDOW_DAYS days; running it twice gives the same rows.
 */
export const metricRollupsJob = {
  name: 'metrics.rollups',
  version: 1,
  async run(deps: MetricsDeps & { windowDays: number }): Promise<{ workspaces: number; days: number }> {
    let days = 0;
    const workspaces = await workspacesWithTickets(deps.db);
    for (const workspaceId of workspaces) {
      const run: RollupRun = await refreshMetricRollups(deps, workspaceId, deps.windowDays);
      days += run.days;
    }
    return { workspaces: workspaces.length, days };
  },
} as const;

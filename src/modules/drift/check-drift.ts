import type { Database, Sql } from '../../platform/db/database.js';
import { type ClusterAlertRef, matchClusterToAlert } from './cluster-alert-key.js';
import {
  CLUSTER_DEFAULTS,
  clusterTickets,
  explainingCategory,
  suggestedName,
  type TicketCluster,
} from './cluster-tickets.js';
import {
  detectCategoryMixShift,
  detectConfidenceDrop,
  detectOutOfScopeRise,
  type Verdict,
} from './drift-detectors.js';
import { type AlertContent, type LiveAlert, openAlert, resolveAlert, updateAlert } from './drift-alerts.js';
import { type DriftKind, driftTitle } from './drift-messages.js';
import { driftOwner } from './drift-owner.js';
import {
  categoryNames,
  categoryWithOwner,
  championOf,
  ownerFacts,
  ticketSubjects,
  trainingMix,
  unmatchedTickets,
  windowMixes,
  windowStats,
  windowsEndingAt,
} from './drift-store.js';

// One drift check of a workspace: read the figures (bounded by the windows), run the pure
// detectors, then — under a per-workspace lock — open, update or close alerts so that the same
// drift is one live alert however often and on however many workers the check runs.

export interface DriftSettings {
  /** Length of a window; the current window is the last `windowHours` before now. */
  windowHours: number;
  /** Windows compared: the current one and the ones before it (the baseline). */
  windows: number;
  /** Smallest cluster of similar unmatched tickets that is a candidate new category. */
  minClusterSize: number;
  /** Most unmatched tickets clustered per check (the newest). */
  maxUnmatched: number;
}

export const DRIFT_DEFAULTS: DriftSettings = {
  windowHours: 24,
  windows: 8,
  minClusterSize: 5,
  maxUnmatched: 400,
};

export interface DriftCheckResult {
  opened: number;
  updated: number;
  resolved: number;
}

export interface DriftCheckDeps {
  db: Database;
}

interface Finding {
  kind: DriftKind;
  key: string;
  verdict: Verdict;
}

const MAX_EXAMPLES = 5;
const MAX_MEMBERS = 500;

export async function checkDrift(
  deps: DriftCheckDeps,
  workspaceId: string,
  now: Date,
  settings: DriftSettings = DRIFT_DEFAULTS,
): Promise<DriftCheckResult> {
  const { db } = deps;
  const span = windowsEndingAt(now, settings.windowHours, settings.windows);
  const stats = await windowStats(db, workspaceId, span);
  const champion = await championOf(db, workspaceId);
  const mixVerdict: Verdict = champion
    ? detectCategoryMixShift(
        await trainingMix(db, workspaceId, champion.labelWatermark),
        await windowMixes(db, workspaceId, span),
      )
    : { status: 'too_few', sample: 0, needed: 1 };
  const movers = mixVerdict.status === 'too_few' ? undefined : mixVerdict.figures?.movers;
  if (movers) {
    const names = await categoryNames(
      db,
      movers.map((m) => m.categoryId),
    );
    for (const m of movers) m.categoryName = names.get(m.categoryId) ?? 'a retired category';
  }
  const findings: Finding[] = [
    { kind: 'confidence_drop', key: 'confidence', verdict: detectConfidenceDrop(stats) },
    { kind: 'out_of_scope_rise', key: 'out_of_scope', verdict: detectOutOfScopeRise(stats) },
    { kind: 'category_mix', key: 'category_mix', verdict: mixVerdict },
  ];
  const current = stats.at(-1)!;
  const pool = await unmatchedTickets(db, workspaceId, current, settings.maxUnmatched);
  const verdicts = new Map(pool.map((t) => [t.id, t]));
  const clusters = clusterTickets(pool, { ...CLUSTER_DEFAULTS, minSize: settings.minClusterSize }).filter(
    (c) => explainingCategory(c.memberIds.map((id) => verdicts.get(id)!)) === null,
  );
  const subjects = await ticketSubjects(
    db,
    clusters.flatMap((c) => c.memberIds.slice(0, MAX_EXAMPLES)),
  );

  return db.transaction(async (tx) => {
    // Checks of one workspace take turns, so two workers never both open the same alert.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`drift:${workspaceId}`]);
    const result: DriftCheckResult = { opened: 0, updated: 0, resolved: 0 };
    const alerts = await tx.query<LiveAlert & { resolvedAutomatically: boolean }>(
      `SELECT id, key, kind, status, severity, member_ticket_ids AS "memberTicketIds", figures,
              resolved_automatically AS "resolvedAutomatically"
         FROM drift_alerts
        WHERE workspace_id = $1 AND (status <> 'resolved' OR (kind = 'new_cluster' AND NOT resolved_automatically
              AND resolved_at >= $2))`,
      [workspaceId, current.start],
    );
    const live = alerts.filter((a) => a.status !== 'resolved');
    const owners = await ownerFacts(tx, workspaceId);
    const apply = async (content: AlertContent, existing: LiveAlert | undefined) => {
      if (existing) {
        if (await updateAlert(tx, workspaceId, existing, content, now)) result.updated++;
        return;
      }
      const category = content.categoryId ? await categoryWithOwner(tx, content.categoryId) : null;
      const ownership = driftOwner({ ...owners, category });
      if (await openAlert(tx, workspaceId, content, ownership, now)) result.opened++;
    };
    const close = async (alert: LiveAlert, note: string) => {
      await resolveAlert(tx, workspaceId, alert.id, { automatic: true, note }, now);
      result.resolved++;
    };

    for (const f of findings) {
      const existing = live.find((a) => a.key === f.key);
      if (f.verdict.status === 'drifting') {
        const categoryName = f.verdict.categoryId
          ? (await categoryWithOwner(tx, f.verdict.categoryId))?.name
          : null;
        await apply(
          {
            kind: f.kind,
            key: f.key,
            severity: f.verdict.severity,
            title: driftTitle(f.kind, f.verdict.figures, { categoryName }),
            figures: f.verdict.figures,
            examples: [],
            memberTicketIds: [],
            categoryId: f.verdict.categoryId,
          },
          existing,
        );
      } else if (f.verdict.status === 'steady' && existing) {
        await close(existing, 'the condition cleared: back within the threshold');
      }
    }

    const clusterAlerts: ClusterAlertRef[] = alerts
      .filter((a) => a.kind === 'new_cluster')
      .map((a) => ({ id: a.id, key: a.key, memberIds: a.memberTicketIds, status: a.status }));
    const taken = new Set<string>();
    for (const cluster of clusters) {
      const match = matchClusterToAlert(cluster, clusterAlerts, taken);
      if (match.kind !== 'new') taken.add(match.alert.id);
      if (match.kind === 'dismissed') continue;
      const existing = match.kind === 'update' ? live.find((a) => a.id === match.alert.id) : undefined;
      const key = existing?.key ?? (match.kind === 'new' ? match.key : '');
      await apply(clusterContent(cluster, key, subjects, current, settings.minClusterSize), existing);
    }
    for (const alert of live) {
      if (alert.kind === 'new_cluster' && !taken.has(alert.id)) {
        await close(alert, 'the cluster is gone: its tickets were placed or left the window');
      }
    }
    return result;
  });
}

function clusterContent(
  cluster: TicketCluster,
  key: string,
  subjects: Map<string, string>,
  window: { start: Date; end: Date },
  minSize: number,
): AlertContent {
  const name = suggestedName(cluster.topTerms);
  const size = cluster.memberIds.length;
  return {
    kind: 'new_cluster',
    key,
    // A topic three times the minimum is arriving in numbers: someone should look soon.
    severity: size >= 3 * minSize ? 'critical' : 'warning',
    title: driftTitle('new_cluster', null, { clusterName: name, clusterSize: size }),
    figures: {
      metric: 'similar unmatched tickets',
      current: size,
      baseline: 0,
      threshold: minSize,
      windowStart: window.start.toISOString(),
      windowEnd: window.end.toISOString(),
      sample: size,
      baselineSample: 0,
      series: [],
      suggestedName: name,
      topTerms: cluster.topTerms,
      cohesion: cluster.cohesion,
    },
    examples: cluster.memberIds
      .slice(0, MAX_EXAMPLES)
      .map((ticketId) => ({ ticketId, subject: subjects.get(ticketId) ?? '' })),
    memberTicketIds: cluster.memberIds.slice(0, MAX_MEMBERS),
    categoryId: null,
  };
}

/** Every workspace with a champion model (the worker checks them one by one). */
export async function workspacesToCheck(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT DISTINCT workspace_id AS id FROM models WHERE status = 'champion' ORDER BY 1`,
  );
  return rows.map((r) => r.id);
}

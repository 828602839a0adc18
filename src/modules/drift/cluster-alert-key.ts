// Which alert a cluster belongs to. Clusters are recomputed from scratch at every check and
// gain or lose members, so they are matched to earlier alerts by the tickets they share
// rather than by their (changeable) top terms.

export interface ClusterAlertRef {
  id: string;
  key: string;
  memberIds: readonly string[];
  /** Live alerts are updated; one a person resolved keeps its tickets from raising it again. */
  status: 'open' | 'acknowledged' | 'resolved';
}

export type ClusterMatch =
  | { kind: 'update'; alert: ClusterAlertRef }
  | { kind: 'dismissed'; alert: ClusterAlertRef }
  | { kind: 'new'; key: string };

/** Shared members as a share of the smaller group. */
function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(a);
  const shared = b.filter((id) => set.has(id)).length;
  return shared / Math.min(a.length, b.length);
}

/** At least this share of the smaller group in common makes two clusters the same topic. */
export const SAME_TOPIC_OVERLAP = 0.5;

/**
 * The live alert that shares most tickets with the cluster (updated in place); else a
 * resolved one that does (a person closed that topic: its tickets do not raise it again);
 * else a new key from the cluster's top terms. `taken` holds alerts already matched in this
 * check, so two clusters never update the same alert.
 */
export function matchClusterToAlert(
  cluster: { memberIds: readonly string[]; topTerms: readonly string[] },
  alerts: readonly ClusterAlertRef[],
  taken: ReadonlySet<string>,
): ClusterMatch {
  let best: { alert: ClusterAlertRef; score: number } | null = null;
  for (const alert of alerts) {
    if (taken.has(alert.id)) continue;
    const score = overlap(cluster.memberIds, alert.memberIds);
    if (score < SAME_TOPIC_OVERLAP) continue;
    const live = alert.status !== 'resolved';
    const bestLive = best ? best.alert.status !== 'resolved' : false;
    if (!best || (live && !bestLive) || (live === bestLive && score > best.score)) best = { alert, score };
  }
  if (best)
    return best.alert.status === 'resolved'
      ? { kind: 'dismissed', alert: best.alert }
      : { kind: 'update', alert: best.alert };
  return {
    kind: 'new',
    key: `cluster:${cluster.topTerms.join('-')}:${cluster.memberIds[0] ?? ''}`.slice(0, 200),
  };
}

import type { HistoryEntry, Ladder } from './rollout-types.js';

function sentence(e: HistoryEntry, ladder: Ladder): string {
  const p = e.payload;
  const cohort = ladder.cohorts.find((c) => c.id === p.cohortId)?.name ?? 'everyone else';
  const category = ladder.categories.find((c) => c.id === p.categoryId)?.name ?? '';
  switch (e.action) {
    case 'rollout.stage_changed':
      return `${category} for ${cohort}: ${p.from} → ${p.to}`;
    case 'rollout.rolled_back':
      return `${category} for ${cohort} rolled back ${p.from} → ${p.to}: ${p.reason}`;
    case 'rollout.step_up_requested':
      return `asked to move ${category} for ${cohort} to ${p.to}`;
    case 'rollout.step_up_approved':
      return `approved a step up (${p.approvals}/${p.approvalsNeeded})`;
    case 'rollout.gates_changed': {
      const gates = (p.gates as { metric: string; op: string; value: number }[]) ?? [];
      const list = gates.map((g) => `${g.metric.replace(/_/g, ' ')} ${g.op} ${g.value}`).join(', ');
      return `set the gates into ${p.toStage}: ${list || 'none (approval only)'}`;
    }
    case 'rollout.default_stage_set':
      return `set ${category} for everyone else: ${p.before} → ${p.after}`;
    case 'rollout.cohort_created':
      return `added cohort ${String(p.name)}`;
    default:
      return e.action.replace('rollout.', '').replace(/_/g, ' ');
  }
}

/** What changed in the rollout, newest first: every entry is an event of the audit trail. */
export function RolloutHistory({ entries, ladder }: { entries: HistoryEntry[]; ladder: Ladder }) {
  return (
    <section className="rollout-history" aria-label="Rollout history">
      <h2>History</h2>
      {entries.length === 0 ? (
        <p className="muted">Nothing changed yet.</p>
      ) : (
        <ul>
          {entries.map((e) => (
            <li key={e.seq} className={e.action === 'rollout.rolled_back' ? 'is-rollback' : ''}>
              <time dateTime={e.occurredAt}>{new Date(e.occurredAt).toLocaleString()}</time>{' '}
              <strong>{e.actorName}</strong> {sentence(e, ladder)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

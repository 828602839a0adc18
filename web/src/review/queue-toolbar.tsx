import type { QueueFilter, ReviewQueueSummary } from '../api/types.js';
import { type ReviewView, filters } from './use-review-queue.js';

interface QueueToolbarProps {
  queues: ReviewQueueSummary[] | null;
  secondReviews: number;
  view: ReviewView | null;
  filter: QueueFilter;
  onView: (view: ReviewView) => void;
  onFilter: (filter: QueueFilter) => void;
}

const SECOND = 'second-reviews';

/** The queue selector ([ and ] cycle it) and the filters (f cycles them). */
export function QueueToolbar({ queues, secondReviews, view, filter, onView, onFilter }: QueueToolbarProps) {
  const value = view?.kind === 'second' ? SECOND : (view?.queueId ?? '');
  return (
    <div className="queue-toolbar">
      <label className="queue-select">
        <span className="visually-hidden">Queue ([ and ] switch)</span>
        <select
          data-testid="queue-select"
          value={value}
          onChange={(e) =>
            onView(
              e.target.value === SECOND ? { kind: 'second' } : { kind: 'queue', queueId: e.target.value },
            )
          }
        >
          {(queues ?? []).map((q) => (
            <option key={q.id} value={q.id}>
              {q.name} · {q.counts.open} open{q.counts.overdue ? ` · ${q.counts.overdue} overdue` : ''}
              {q.canWork ? '' : ' (not a member)'}
            </option>
          ))}
          <option value={SECOND}>Second reviews for me · {secondReviews}</option>
        </select>
      </label>
      {view?.kind === 'queue' && (
        <fieldset className="segmented" aria-label="Filter (f cycles)">
          {filters.map((f) => (
            <button
              key={f.value}
              type="button"
              data-testid={`filter-${f.value}`}
              className={f.value === filter ? 'segmented-option is-active' : 'segmented-option'}
              aria-pressed={f.value === filter}
              onClick={() => onFilter(f.value)}
            >
              {f.label}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}

/** The view after `view` in the cycle of queues and then second reviews, `delta` steps away. */
export function cycleView(queues: ReviewQueueSummary[], view: ReviewView | null, delta: number): ReviewView {
  const views: ReviewView[] = [
    ...queues.map((q) => ({ kind: 'queue' as const, queueId: q.id })),
    { kind: 'second' },
  ];
  const index = views.findIndex((v) =>
    v.kind === 'second' ? view?.kind === 'second' : view?.kind === 'queue' && view.queueId === v.queueId,
  );
  return views[(Math.max(0, index) + delta + views.length) % views.length]!;
}

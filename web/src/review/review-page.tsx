import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client.js';
import type { Category, ResolveResult, ReviewItem, ReviewQueue, TrainResult } from '../api/types.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { formatCount } from '../lib/format.js';
import { useSession } from '../lib/session-context.js';
import { useCategories } from '../lib/use-categories.js';
import type { CategoryPickerHandle } from './category-picker.js';
import { ReviewDetail } from './review-detail.js';
import { ReviewList } from './review-list.js';
import { TrainModelButton } from './train-model-button.js';
import { useReviewKeys } from './use-review-keys.js';

let toastSeq = 0;

export function ReviewPage() {
  const session = useSession();
  const categories = useCategories();
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<CategoryPickerHandle>(null);
  // Items this page resolved: a refresh that raced a resolution must not bring them back.
  const resolved = useRef(new Set<string>());
  // Bumped by every resolution, so a refresh started before one is dropped.
  const generation = useRef(0);

  const notify = useCallback((text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  }, []);
  const dismissToast = useCallback(() => setToast(null), []);

  const load = useCallback(async () => {
    const started = generation.current;
    try {
      const res = await api.get<ReviewQueue>('/api/v1/review?limit=50');
      if (started !== generation.current) return;
      const items = res.items.filter((i) => !resolved.current.has(i.id));
      setQueue({ total: res.total, items });
      setLoadError(null);
      setSelectedId((current) =>
        current && items.some((i) => i.id === current) ? current : (items[0]?.id ?? null),
      );
    } catch (err) {
      if (started === generation.current) setLoadError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, 30_000);
    return () => window.clearInterval(timer);
  }, [load]);

  const items = queue?.items ?? [];
  const selectedIndex = items.findIndex((i) => i.id === selectedId);
  const selected = selectedIndex >= 0 ? items[selectedIndex] : undefined;

  const focusList = useCallback(() => listRef.current?.focus({ preventScroll: true }), []);

  const move = useCallback(
    (delta: number) => {
      if (items.length === 0) return;
      const from = Math.max(0, selectedIndex);
      const next = items[Math.min(items.length - 1, Math.max(0, from + delta))];
      if (next) setSelectedId(next.id);
    },
    [items, selectedIndex],
  );

  const resolve = useCallback(
    async (item: ReviewItem, action: { kind: 'accept' } | { kind: 'correct'; category: Category }) => {
      if (busy) return;
      setBusy(true);
      generation.current += 1;
      try {
        const res =
          action.kind === 'accept'
            ? await api.post<ResolveResult>(`/api/v1/review/${item.id}/accept`)
            : await api.post<ResolveResult>(`/api/v1/review/${item.id}/correct`, {
                category: action.category.id,
              });
        const chosen =
          action.kind === 'correct'
            ? action.category.name
            : (item.suggestedCategoryName ?? categories.nameOf(res.label.categoryId));
        notify(
          res.resolution === 'corrected'
            ? `Corrected to ${chosen} — learned in the next model`
            : `Accepted: ${chosen} — learned in the next model`,
          'success',
        );
        removeItem(item.id);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'already_resolved') {
          notify('Someone else already resolved this item. The queue was refreshed.', 'info');
          removeItem(item.id);
        } else {
          notify(`Could not save: ${errorMessage(err)}`, 'error');
        }
      } finally {
        setBusy(false);
        focusList();
        generation.current += 1;
        void load();
      }

      function removeItem(id: string) {
        resolved.current.add(id);
        const index = items.findIndex((i) => i.id === id);
        const rest = items.filter((i) => i.id !== id);
        setSelectedId(rest[Math.min(Math.max(0, index), rest.length - 1)]?.id ?? null);
        setQueue((q) =>
          q?.items.some((i) => i.id === id)
            ? { total: Math.max(0, q.total - 1), items: q.items.filter((i) => i.id !== id) }
            : q,
        );
      }
    },
    [busy, items, categories, notify, focusList, load],
  );

  const accept = useCallback(() => {
    if (!selected) return;
    if (!selected.suggestedCategoryId) {
      pickerRef.current?.open();
      notify('There is no suggestion for this ticket: choose a category.', 'info');
      return;
    }
    void resolve(selected, { kind: 'accept' });
  }, [selected, resolve, notify]);

  const correct = useCallback(
    (category: Category) => {
      if (selected) void resolve(selected, { kind: 'correct', category });
    },
    [selected, resolve],
  );

  useReviewKeys({
    enabled: selected != null && !busy,
    onMove: move,
    onAccept: accept,
    onPick: (seed) => pickerRef.current?.open(seed),
  });

  const onTrained = useCallback(
    (r: TrainResult) =>
      notify(
        `Model v${r.version} trained on ${formatCount(r.exampleCount)} examples in ${r.trainSeconds.toFixed(1)} s`,
        'success',
      ),
    [notify],
  );

  return (
    <div className="review">
      <div className="review-toolbar">
        <h1 className="page-title">Review queue</h1>
        <span className="queue-count">
          <span data-testid="queue-total" className="queue-total">
            {queue ? queue.total : '–'}
          </span>{' '}
          open
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void load()}>
          Refresh
        </button>
        <span className="keys-hint" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> accept · type or <kbd>/</kbd> to correct ·{' '}
          <kbd>Esc</kbd> cancel
        </span>
        <span className="spacer" />
        {session.permissions.includes('models:train') && <TrainModelButton onTrained={onTrained} />}
      </div>

      {(loadError || categories.error) && (
        <p className="banner banner-error" role="alert">
          {loadError ?? `Categories could not be loaded: ${categories.error}`}
        </p>
      )}

      <div className="review-panes">
        <div className="review-list-pane">
          {queue && items.length === 0 ? (
            <div className="empty">
              <p className="empty-title">Nothing to review</p>
              <p className="muted small">Exceptions land here as tickets arrive. Enjoy the quiet.</p>
            </div>
          ) : (
            <ReviewList ref={listRef} items={items} selectedId={selectedId} onSelect={setSelectedId} />
          )}
          {queue && queue.total > items.length && items.length > 0 && (
            <p className="muted small list-more">
              Showing the oldest {items.length} of {formatCount(queue.total)}.
            </p>
          )}
        </div>
        <div className="review-detail-pane">
          {selected ? (
            <ReviewDetail
              key={selected.id}
              item={selected}
              categories={categories.list}
              nameOf={categories.nameOf}
              busy={busy}
              onAccept={accept}
              onCorrect={correct}
              onPickerCancel={focusList}
              pickerRef={pickerRef}
            />
          ) : (
            <div className="empty">
              {queue ? <p className="muted">Select an item.</p> : <p className="muted">Loading…</p>}
            </div>
          )}
        </div>
      </div>
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}

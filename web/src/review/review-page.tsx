import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client.js';
import type { Category, ItemClaim, ResolveResult, ReviewItem, TrainResult } from '../api/types.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { formatCount, learnedText } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useSession } from '../lib/session-context.js';
import { useCategories } from '../lib/use-categories.js';
import type { CategoryPickerHandle } from './category-picker.js';
import { KeysHelp } from './keys-help.js';
import type { NoneFitsHandle } from './none-fits-form.js';
import { cycleView, QueueToolbar } from './queue-toolbar.js';
import { ReviewDetail } from './review-detail.js';
import { ReviewList } from './review-list.js';
import { resolutionMessage } from './resolution-message.js';
import { TrainModelButton } from './train-model-button.js';
import { useReviewKeys } from './use-review-keys.js';
import { filters, type ReviewView, useReviewQueue } from './use-review-queue.js';

let toastSeq = 0;

type Resolution =
  | { kind: 'accept' }
  | { kind: 'correct'; category: Category }
  | { kind: 'none_fits'; name: string };

export function ReviewPage() {
  const session = useSession();
  const me = session.user.id;
  const categories = useCategories();
  const queue = useReviewQueue();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<CategoryPickerHandle>(null);
  const noneFitsRef = useRef<NoneFitsHandle>(null);

  const notify = useCallback((text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  }, []);
  const dismissToast = useCallback(() => setToast(null), []);

  const items = queue.list?.items ?? [];
  const selectedIndex = items.findIndex((i) => i.id === selectedId);
  const selected = selectedIndex >= 0 ? items[selectedIndex] : undefined;
  const isSecond = queue.view?.kind === 'second';

  // A new list keeps the selected item when it is still there, else starts at the top.
  useEffect(() => {
    const list = queue.list?.items ?? [];
    setSelectedId((current) =>
      current && list.some((i) => i.id === current) ? current : (list[0]?.id ?? null),
    );
  }, [queue.list]);

  const focusList = useCallback(() => listRef.current?.focus({ preventScroll: true }), []);

  const move = useCallback(
    (delta: number) => {
      const next = items[Math.min(items.length - 1, Math.max(0, Math.max(0, selectedIndex) + delta))];
      if (next) setSelectedId(next.id);
    },
    [items, selectedIndex],
  );

  /** Takes items off the list; the selection moves to the item that took the first one's place. */
  const removeItems = useCallback(
    (ids: readonly string[]) => {
      const index = items.findIndex((i) => ids.includes(i.id));
      const rest = items.filter((i) => !ids.includes(i.id));
      setSelectedId(rest[Math.min(Math.max(0, index), rest.length - 1)]?.id ?? null);
      queue.removeItems(ids);
    },
    [items, queue.removeItems],
  );

  /** Runs one change: one at a time, refreshes raced by it dropped, refusals explained. */
  const change = useCallback(
    async (itemIds: readonly string[], run: () => Promise<void>) => {
      if (busy) return;
      setBusy(true);
      queue.beginChange();
      try {
        await run();
      } catch (err) {
        if (err instanceof ApiError && err.code === 'already_resolved') {
          notify('Someone else already resolved this item. The queue was refreshed.', 'info');
          if (itemIds.length === 1) removeItems(itemIds);
        } else if (
          err instanceof ApiError &&
          ['item_already_claimed', 'not_queue_member', 'forbidden'].includes(err.code)
        ) {
          notify(itemIds.length > 1 ? `Nothing was changed: ${err.message}` : err.message, 'info');
        } else {
          notify(`Could not save: ${errorMessage(err)}`, 'error');
        }
      } finally {
        setBusy(false);
        focusList();
        queue.beginChange();
        void queue.refresh();
      }
    },
    [busy, queue.beginChange, queue.refresh, notify, removeItems, focusList],
  );

  const resolve = useCallback(
    (item: ReviewItem, resolution: Resolution) =>
      change([item.id], async () => {
        const base = `/api/v1/review/${item.id}`;
        const res =
          resolution.kind === 'accept'
            ? await api.post<ResolveResult>(`${base}/accept`)
            : resolution.kind === 'correct'
              ? await api.post<ResolveResult>(`${base}/correct`, { category: resolution.category.id })
              : await api.post<ResolveResult>(`${base}/none-fits`, { suggestedCategory: resolution.name });
        notify(
          resolutionMessage(res, categories.nameOf, resolution.kind === 'none_fits' ? resolution.name : null),
          'success',
        );
        removeItems([item.id]);
      }),
    [change, notify, removeItems, categories.nameOf],
  );

  const bulkResolve = useCallback(
    (category: Category) => {
      const ids = items.filter((i) => marked.has(i.id)).map((i) => i.id);
      return change(ids, async () => {
        const res = await api.post<{ resolved: ResolveResult[] }>('/api/v1/review/bulk-resolve', {
          itemIds: ids,
          category: category.id,
        });
        notify(
          `Resolved ${formatCount(res.resolved.length)} items to ${category.name} · ${learnedText(res.resolved.at(-1)?.learning ?? null)}`,
          'success',
        );
        removeItems(ids);
        setMarked(new Set());
      });
    },
    [items, marked, change, notify, removeItems],
  );

  const toggleClaim = useCallback(() => {
    if (!selected) return;
    const owners = queue.queues?.find((q) => q.id === selected.queueId);
    const ownsQueue = owners?.ownerUserId === me || owners?.fallbackOwnerUserId === me;
    if (selected.claimedBy && selected.claimedBy !== me && !ownsQueue) {
      notify(
        `Claimed by ${selected.claimedByName ?? 'someone else'}: only they or the queue's owners can release it.`,
        'info',
      );
      return;
    }
    const release = selected.claimedBy != null;
    void change([selected.id], async () => {
      const claim = await api.post<ItemClaim>(
        `/api/v1/review/${selected.id}/${release ? 'release' : 'claim'}`,
      );
      queue.patchItem(selected.id, {
        claimedBy: claim.claimedBy,
        claimedAt: claim.claimedAt,
        claimedByName: claim.claimedBy ? session.user.name : null,
      });
      notify(
        release ? 'Released: back in the queue for anyone' : 'Claimed: yours until you release it (m)',
        'success',
      );
    });
  }, [selected, queue.queues, queue.patchItem, me, session.user.name, change, notify]);

  const accept = useCallback(() => {
    if (!selected) return;
    if (marked.size > 0) {
      notify(`${marked.size} selected: press / to choose one category for all, Esc to clear.`, 'info');
      return;
    }
    if (!selected.suggestedCategoryId) {
      pickerRef.current?.open();
      notify('There is no suggestion for this ticket: choose a category.', 'info');
      return;
    }
    void resolve(selected, { kind: 'accept' });
  }, [selected, marked, resolve, notify]);

  const correct = useCallback(
    (category: Category) => {
      if (marked.size > 0) void bulkResolve(category);
      else if (selected) void resolve(selected, { kind: 'correct', category });
    },
    [selected, marked, resolve, bulkResolve],
  );

  const noneFits = useCallback(
    (name: string) => {
      if (selected) void resolve(selected, { kind: 'none_fits', name });
    },
    [selected, resolve],
  );

  const switchView = useCallback(
    (next: ReviewView) => {
      setMarked(new Set());
      queue.chooseView(next);
    },
    [queue.chooseView],
  );

  useReviewKeys({
    enabled: selected != null && !busy,
    onMove: move,
    onAccept: accept,
    onPick: (seed) => pickerRef.current?.open(seed),
    onToggleClaim: toggleClaim,
    onNoneFits: () => {
      if (marked.size > 0) notify('"None fits" is for one item at a time: Esc clears the selection.', 'info');
      else noneFitsRef.current?.open();
    },
    onToggleSelect: () => {
      if (!selected) return;
      if (isSecond) {
        notify('Second reviews are answered one by one.', 'info');
        return;
      }
      setMarked((m) => {
        const next = new Set(m);
        if (!next.delete(selected.id)) next.add(selected.id);
        return next;
      });
    },
    onSwitchQueue: (delta) => {
      if (queue.queues) switchView(cycleView(queue.queues, queue.view, delta));
    },
    onNextFilter: () => {
      const index = filters.findIndex((f) => f.value === queue.filter);
      setMarked(new Set());
      queue.setFilter(filters[(index + 1) % filters.length]!.value);
    },
    onEscape: () => setMarked(new Set()),
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
        <h1 className="page-title">Review</h1>
        <QueueToolbar
          queues={queue.queues}
          secondReviews={queue.secondReviews}
          view={queue.view}
          filter={queue.filter}
          onView={switchView}
          onFilter={(f) => {
            setMarked(new Set());
            queue.setFilter(f);
          }}
        />
        <span className="queue-count">
          <span data-testid="queue-total" className="queue-total">
            {queue.list ? queue.list.total : '–'}
          </span>{' '}
          open
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => void queue.refresh()}>
          Refresh
        </button>
        <Link to="/review/agreement" className="btn btn-ghost btn-small">
          Agreement
        </Link>
        <span className="spacer" />
        {session.permissions.includes('models:train') && <TrainModelButton onTrained={onTrained} />}
      </div>
      <KeysHelp selected={marked.size} secondReview={isSecond} />

      {(queue.loadError || categories.error) && (
        <p className="banner banner-error" role="alert">
          {queue.loadError ?? `Categories could not be loaded: ${categories.error}`}
        </p>
      )}

      <div className="review-panes">
        <div className="review-list-pane">
          {queue.list && items.length === 0 ? (
            <div className="empty">
              <p className="empty-title">Nothing to review here</p>
              <p className="muted small">
                {isSecond
                  ? 'No second reviews wait for you.'
                  : 'Exceptions land here as tickets arrive. Enjoy the quiet.'}
              </p>
            </div>
          ) : (
            <ReviewList
              ref={listRef}
              items={items}
              selectedId={selectedId}
              marked={marked}
              userId={me}
              onSelect={setSelectedId}
            />
          )}
          {queue.list && queue.list.total > items.length && items.length > 0 && (
            <p className="muted small list-more">
              Showing the {items.length} due soonest of {formatCount(queue.list.total)}.
            </p>
          )}
        </div>
        <div className="review-detail-pane">
          {selected ? (
            <ReviewDetail
              key={selected.id}
              item={selected}
              userId={me}
              categories={categories.list}
              nameOf={categories.nameOf}
              busy={busy}
              onAccept={accept}
              onCorrect={correct}
              onNoneFits={noneFits}
              onToggleClaim={toggleClaim}
              onCancel={focusList}
              pickerRef={pickerRef}
              noneFitsRef={noneFitsRef}
            />
          ) : (
            <div className="empty">
              {queue.list ? <p className="muted">Select an item.</p> : <p className="muted">Loading…</p>}
            </div>
          )}
        </div>
      </div>
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { QueueFilter, ReviewItem, ReviewQueue, ReviewQueueSummary } from '../api/types.js';

/** What the list shows: the open items of one queue, or the second reviews for me. */
export type ReviewView = { kind: 'queue'; queueId: string } | { kind: 'second' };

export const filters: { value: QueueFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'mine', label: 'Mine' },
  { value: 'unclaimed', label: 'Unclaimed' },
  { value: 'overdue', label: 'Overdue' },
];

const sameView = (a: ReviewView | null, b: ReviewView | null) =>
  a?.kind === b?.kind && (a?.kind !== 'queue' || (b?.kind === 'queue' && a.queueId === b.queueId));

/** The queue a person starts in: the first they work that has items, else the first they work. */
function startingView(queues: ReviewQueueSummary[]): ReviewView | null {
  const first =
    queues.find((q) => q.canWork && q.counts.open > 0) ?? queues.find((q) => q.canWork) ?? queues[0];
  return first ? { kind: 'queue', queueId: first.id } : null;
}

/**
 * The review page's data: the queues, the chosen view and filter, and its items. Items
 * this page resolved stay gone even when a refresh that raced the resolution brings them
 * back, and a refresh started before a change is dropped.
 */
export function useReviewQueue() {
  const [queues, setQueues] = useState<ReviewQueueSummary[] | null>(null);
  const [secondReviews, setSecondReviews] = useState(0);
  const [view, setView] = useState<ReviewView | null>(null);
  const [filter, setFilter] = useState<QueueFilter>('all');
  const [list, setList] = useState<ReviewQueue | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const gone = useRef(new Set<string>());
  const generation = useRef(0);
  const viewRef = useRef<ReviewView | null>(null);
  viewRef.current = view;

  const loadQueues = useCallback(async () => {
    try {
      const [res, second] = await Promise.all([
        api.get<{ items: ReviewQueueSummary[] }>('/api/v1/review/queues'),
        api.get<ReviewQueue>('/api/v1/review/second-reviews?limit=1'),
      ]);
      setQueues(res.items);
      setSecondReviews(second.total);
      setView((current) => current ?? startingView(res.items));
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, []);

  const loadItems = useCallback(async () => {
    const shown = viewRef.current;
    if (!shown) return;
    const started = generation.current;
    const path =
      shown.kind === 'second'
        ? '/api/v1/review/second-reviews?limit=50'
        : `/api/v1/review?queue=${shown.queueId}&filter=${filter}&limit=50`;
    try {
      const res = await api.get<ReviewQueue>(path);
      if (started !== generation.current || !sameView(shown, viewRef.current)) return;
      setList({ total: res.total, items: res.items.filter((i) => !gone.current.has(i.id)) });
      setLoadError(null);
    } catch (err) {
      if (started === generation.current) setLoadError(errorMessage(err));
    }
  }, [filter]);

  const refresh = useCallback(async () => {
    await Promise.all([loadQueues(), loadItems()]);
  }, [loadQueues, loadItems]);

  useEffect(() => {
    void loadQueues();
  }, [loadQueues]);

  // A new view or filter starts from an empty list rather than showing the old one's items.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view is read through viewRef
  useEffect(() => {
    setList(null);
    void loadItems();
  }, [view, loadItems]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, 30_000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  /** Marks the start of a change: refreshes already under way are dropped. */
  const beginChange = useCallback(() => {
    generation.current += 1;
  }, []);

  const removeItems = useCallback((ids: readonly string[]) => {
    for (const id of ids) gone.current.add(id);
    setList((l) => {
      if (!l) return l;
      const items = l.items.filter((i) => !ids.includes(i.id));
      return { total: Math.max(0, l.total - (l.items.length - items.length)), items };
    });
  }, []);

  const patchItem = useCallback((id: string, changes: Partial<ReviewItem>) => {
    setList((l) => (l ? { ...l, items: l.items.map((i) => (i.id === id ? { ...i, ...changes } : i)) } : l));
  }, []);

  const chooseView = useCallback((next: ReviewView) => {
    setView((current) => (sameView(current, next) ? current : next));
  }, []);

  return {
    queues,
    secondReviews,
    view,
    chooseView,
    filter,
    setFilter,
    list,
    loadError,
    refresh,
    beginChange,
    removeItems,
    patchItem,
  };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../api/client.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { learnedText } from '../lib/format.js';
import { Link, useLocation } from '../lib/router.js';
import { useCategories } from '../lib/use-categories.js';
import { DisputeDetail } from './dispute-detail.js';
import { DisputeList } from './dispute-list.js';
import { type Dispute, type DisputePage, type DisputeTab, disputeOutcomeText } from './dispute-types.js';
import type { RulingFormHandle } from './ruling-form.js';
import { useDisputeKeys } from './use-dispute-keys.js';

/** A ruling's answer: the dispute, and whether the champion learned its label at once. */
type RuledDispute = Dispute & { learning: Parameters<typeof learnedText>[0] };

const tabs: { view: DisputeTab; label: string; empty: string }[] = [
  { view: 'to_rule', label: 'To rule', empty: 'No dispute is waiting for your ruling.' },
  { view: 'mine', label: 'Raised by me', empty: 'You have not disputed a decision yet.' },
  { view: 'about_me', label: 'About my decisions', empty: 'No one has disputed a category you set.' },
  { view: 'all', label: 'All', empty: 'No disputes in this workspace.' },
];

const isTab = (v: string | null): v is DisputeTab => tabs.some((t) => t.view === v);

let toastSeq = 0;

/**
 * Disputes: the ones the person may rule on (their categories' disputes, or unowned ones for
 * leads and admins), the ones they raised and the ones about their own decisions, each with
 * its outcome once ruled.
 */
export function DisputesPage() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const requested = params.get('view');
  const wantedId = params.get('id');
  // Without a chosen tab: "To rule" when there is something to rule, else "Raised by me".
  const [fallback, setFallback] = useState<DisputeTab | null>(null);
  const view: DisputeTab | null = isTab(requested) ? requested : fallback;
  const categories = useCategories();
  const [page, setPage] = useState<DisputePage | null>(null);
  const [toRule, setToRule] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(wantedId);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const rulingRef = useRef<RulingFormHandle>(null);

  const notify = useCallback((text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  }, []);
  const dismissToast = useCallback(() => setToast(null), []);

  const load = useCallback(async () => {
    try {
      const pending = await api.get<DisputePage>('/api/v1/disputes?view=to_rule&limit=200');
      setToRule(pending.total);
      if (!view) {
        setFallback(pending.total > 0 ? 'to_rule' : 'mine');
        return;
      }
      const res =
        view === 'to_rule' ? pending : await api.get<DisputePage>(`/api/v1/disputes?view=${view}&limit=200`);
      setPage(res);
      setLoadError(null);
      setSelectedId((current) =>
        current && res.items.some((d) => d.id === current) ? current : (res.items[0]?.id ?? null),
      );
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [view]);

  useEffect(() => {
    void load();
  }, [load]);

  const items = page?.items ?? [];
  const selectedIndex = items.findIndex((d) => d.id === selectedId);
  const selected = selectedIndex >= 0 ? items[selectedIndex] : undefined;
  const focusList = useCallback(() => listRef.current?.focus({ preventScroll: true }), []);

  const move = useCallback(
    (delta: number) => {
      const next = items[Math.min(items.length - 1, Math.max(0, Math.max(0, selectedIndex) + delta))];
      if (next) setSelectedId(next.id);
    },
    [items, selectedIndex],
  );

  const act = useCallback(
    async <T extends Dispute>(dispute: Dispute, call: () => Promise<T>, done: (d: T) => string) => {
      if (busy) return;
      setBusy(true);
      try {
        notify(done(await call()), 'success');
      } catch (err) {
        if (err instanceof ApiError && err.code === 'dispute_not_open') {
          notify('This dispute was already ruled on or withdrawn. The list was refreshed.', 'info');
        } else {
          notify(`Could not save: ${errorMessage(err)}`, 'error');
        }
      } finally {
        setBusy(false);
        focusList();
        setSelectedId(dispute.id);
        void load();
      }
    },
    [busy, notify, focusList, load],
  );

  const rule = useCallback(
    (categoryId: string, note: string) => {
      if (!selected) return;
      void act(
        selected,
        () =>
          api.post<RuledDispute>(`/api/v1/disputes/${selected.id}/rule`, {
            category: categoryId,
            ...(note.trim() ? { note: note.trim() } : {}),
          }),
        (d) =>
          `${disputeOutcomeText(d)} — now the ticket's category and a label · ${learnedText(d.learning)}`,
      );
    },
    [selected, act],
  );

  const withdraw = useCallback(() => {
    if (!selected) return;
    void act(
      selected,
      () => api.post<Dispute>(`/api/v1/disputes/${selected.id}/withdraw`),
      () => 'Dispute withdrawn',
    );
  }, [selected, act]);

  useDisputeKeys({
    enabled: selected != null && !busy,
    onMove: move,
    onRule: () => selected?.canRule && rulingRef.current?.submit(),
    onChoose: (choice) => selected?.canRule && rulingRef.current?.focus(choice),
  });

  const tab = tabs.find((t) => t.view === view);
  return (
    <div className="review">
      <div className="review-toolbar">
        <h1 className="page-title">Disputes</h1>
        <nav className="tabs" aria-label="Disputes">
          {tabs.map((t) => (
            <Link
              key={t.view}
              to={`/disputes?view=${t.view}`}
              className="tab"
              aria-current={t.view === view ? 'page' : undefined}
            >
              {t.label}
              {t.view === 'to_rule' && toRule != null && (
                <span className="tab-count" data-testid="to-rule-count">
                  {toRule}
                </span>
              )}
            </Link>
          ))}
        </nav>
        <span className="keys-hint" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>u</kbd> uphold · <kbd>o</kbd> overturn · <kbd>r</kbd> choose ·{' '}
          <kbd>Enter</kbd> rule
        </span>
      </div>

      {(loadError || categories.error) && (
        <p className="banner banner-error" role="alert">
          {loadError ?? `Categories could not be loaded: ${categories.error}`}
        </p>
      )}

      <div className="review-panes">
        <div className="review-list-pane">
          {page && items.length === 0 ? (
            <div className="empty">
              <p className="empty-title">Nothing here</p>
              <p className="muted small">{tab?.empty}</p>
            </div>
          ) : (
            <DisputeList ref={listRef} disputes={items} selectedId={selectedId} onSelect={setSelectedId} />
          )}
        </div>
        <div className="review-detail-pane">
          {selected ? (
            <DisputeDetail
              key={`${selected.id}:${selected.status}`}
              dispute={selected}
              categories={categories.list}
              busy={busy}
              onRule={rule}
              onWithdraw={withdraw}
              rulingRef={rulingRef}
            />
          ) : (
            <div className="empty">
              {page ? <p className="muted">Select a dispute.</p> : <p className="muted">Loading…</p>}
            </div>
          )}
        </div>
      </div>
      <Toast toast={toast} onDismiss={dismissToast} />
    </div>
  );
}

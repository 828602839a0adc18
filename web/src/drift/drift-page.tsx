import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session-context.js';
import { DriftAlertItem } from './drift-alert-item.js';
import type { DriftAlert, DriftAlertList, DriftCheckResult } from './drift-types.js';
import { useDriftKeys } from './use-drift-keys.js';
import './drift.css';

type Status = 'live' | 'resolved';

let toastSeq = 0;

/** Drift alerts and whose they are: the model's world changing, worked from the keyboard. */
export function DriftPage() {
  const session = useSession();
  const canManage = session.permissions.includes('drift:manage');
  const [status, setStatus] = useState<Status>('live');
  const [list, setList] = useState<DriftAlertList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [resolvingId, setResolvingId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const say = (text: string, tone: ToastMessage['tone']) => {
    toastSeq += 1;
    setToast({ id: toastSeq, text, tone });
  };

  const load = useCallback(async () => {
    try {
      const next = await api.get<DriftAlertList>(`/api/v1/drift/alerts?status=${status}&limit=200`);
      setList(next);
      setError(null);
      setSelectedId((current) =>
        current && next.items.some((a) => a.id === current) ? current : (next.items[0]?.id ?? null),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [status]);

  useEffect(() => {
    setResolvingId(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (selectedId) itemRefs.current.get(selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const items = list?.items ?? [];
  const selectedIndex = items.findIndex((a) => a.id === selectedId);
  const selected: DriftAlert | undefined = items[selectedIndex];

  const move = (delta: number) => {
    const next = items[Math.min(items.length - 1, Math.max(0, Math.max(0, selectedIndex) + delta))];
    if (next) setSelectedId(next.id);
  };

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      say(done, 'success');
      setResolvingId(null);
      await load();
      listRef.current?.focus({ preventScroll: true });
    } catch (err) {
      say(errorMessage(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const acknowledge = (a: DriftAlert) =>
    a.status === 'open' &&
    void act(() => api.post(`/api/v1/drift/alerts/${a.id}/acknowledge`), `Acknowledged: ${a.title}`);
  const resolve = (a: DriftAlert, note: string | null) =>
    void act(
      () => api.post(`/api/v1/drift/alerts/${a.id}/resolve`, note ? { note } : {}),
      `Resolved: ${a.title}`,
    );
  const checkNow = async () => {
    setBusy(true);
    try {
      const r = await api.post<DriftCheckResult>('/api/v1/drift/check');
      say(`Checked: ${r.opened} opened, ${r.updated} updated, ${r.resolved} cleared`, 'success');
      await load();
    } catch (err) {
      say(errorMessage(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const cancelResolve = useCallback(() => {
    setResolvingId(null);
    listRef.current?.focus({ preventScroll: true });
  }, []);

  useDriftKeys({
    enabled: resolvingId === null,
    onMove: move,
    onAcknowledge: () => canManage && selected && acknowledge(selected),
    onResolve: () => canManage && selected && selected.status !== 'resolved' && setResolvingId(selected.id),
    onOpenExample: () => selected?.examples[0] && navigate(`/tickets/${selected.examples[0].ticketId}`),
    onToggleStatus: () => setStatus((s) => (s === 'live' ? 'resolved' : 'live')),
  });

  const counts = list?.counts;
  return (
    <div className="page drift">
      <div className="page-head">
        <h1 className="page-title">Drift</h1>
        <fieldset className="segmented" aria-label="Status (l switches)">
          {(['live', 'resolved'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className={`segmented-option ${status === s ? 'is-active' : ''}`}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
            >
              {s === 'live' ? 'Live' : 'Resolved'}
              {counts && ` (${s === 'live' ? counts.open + counts.acknowledged : counts.resolved})`}
            </button>
          ))}
        </fieldset>
        {canManage && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="drift-check"
            disabled={busy}
            onClick={() => void checkNow()}
          >
            Check now
          </button>
        )}
      </div>
      <p className="keys-help">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> acknowledge · <kbd>r</kbd> resolve · <kbd>Enter</kbd> or{' '}
        <kbd>o</kbd> open the first example · <kbd>l</kbd> live/resolved · <kbd>Esc</kbd> cancel
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {list && items.length === 0 ? (
        <div className="empty" data-testid="drift-empty">
          <p className="empty-title">
            {status === 'live' ? 'No drift right now' : 'No drift alert was resolved yet'}.
          </p>
          <p className="muted">
            Confidence sliding down, the category mix shifting, more tickets out of scope, and groups of
            similar tickets no category fits (a candidate new category) show up here, each with an owner.
          </p>
        </div>
      ) : (
        <ul
          ref={listRef}
          className="drift-list"
          tabIndex={-1}
          aria-label="Drift alerts (j/k to move, a to acknowledge, r to resolve)"
        >
          {items.map((a) => (
            <DriftAlertItem
              key={a.id}
              ref={(el) => {
                if (el) itemRefs.current.set(a.id, el);
                else itemRefs.current.delete(a.id);
              }}
              alert={a}
              me={session.user.id}
              selected={a.id === selectedId}
              resolving={a.id === resolvingId}
              canManage={canManage}
              busy={busy}
              onSelect={() => setSelectedId(a.id)}
              onAcknowledge={() => acknowledge(a)}
              onStartResolve={() => {
                setSelectedId(a.id);
                setResolvingId(a.id);
              }}
              onCancelResolve={cancelResolve}
              onResolve={(note) => resolve(a, note)}
            />
          ))}
        </ul>
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}

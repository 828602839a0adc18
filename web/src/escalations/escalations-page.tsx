import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Escalation, EscalationList } from '../api/types.js';
import { Toast, type ToastMessage } from '../components/toast.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session-context.js';
import { announceEscalationsChanged } from './escalation-count.js';
import { EscalationItem } from './escalation-item.js';
import { useEscalationKeys } from './use-escalation-keys.js';

type Status = 'open' | 'resolved';

let toastSeq = 0;

/** What is overdue or failing and whose it is: the owners' list, worked from the keyboard. */
export function EscalationsPage() {
  const session = useSession();
  const me = session.user.id;
  const [status, setStatus] = useState<Status>('open');
  const [mine, setMine] = useState(false);
  const [list, setList] = useState<EscalationList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [resolvingId, setResolvingId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const load = useCallback(async () => {
    try {
      const params = new URLSearchParams({ status, mine: String(mine), limit: '200' });
      const next = await api.get<EscalationList>(`/api/v1/escalations?${params}`);
      setList(next);
      setError(null);
      setSelectedId((current) =>
        current && next.items.some((e) => e.id === current) ? current : (next.items[0]?.id ?? null),
      );
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [status, mine]);

  useEffect(() => {
    setResolvingId(null);
    void load();
  }, [load]);

  useEffect(() => {
    if (selectedId) itemRefs.current.get(selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  const items = list?.items ?? [];
  const selectedIndex = items.findIndex((e) => e.id === selectedId);
  const selected: Escalation | undefined = items[selectedIndex];

  const move = (delta: number) => {
    const next = items[Math.min(items.length - 1, Math.max(0, Math.max(0, selectedIndex) + delta))];
    if (next) setSelectedId(next.id);
  };

  const cancelResolve = useCallback(() => {
    setResolvingId(null);
    listRef.current?.focus({ preventScroll: true });
  }, []);

  const resolve = async (escalation: Escalation, note: string) => {
    setBusy(true);
    try {
      await api.post<Escalation>(`/api/v1/escalations/${escalation.id}/resolve`, { note });
      toastSeq += 1;
      setToast({ id: toastSeq, text: `Resolved: ${escalation.summary}`, tone: 'success' });
      setResolvingId(null);
      announceEscalationsChanged();
      await load();
      listRef.current?.focus({ preventScroll: true });
    } catch (err) {
      toastSeq += 1;
      setToast({ id: toastSeq, text: errorMessage(err), tone: 'error' });
    } finally {
      setBusy(false);
    }
  };

  useEscalationKeys({
    enabled: resolvingId === null,
    onMove: move,
    onResolve: () => selected?.canResolve && setResolvingId(selected.id),
    onOpenTicket: () => selected?.ticket && navigate(`/tickets/${selected.ticket.id}`),
    onToggleMine: () => setMine((m) => !m),
  });

  const counts = list?.counts;
  return (
    <div className="page escalations">
      <div className="page-head">
        <h1 className="page-title">Escalations</h1>
        <fieldset className="segmented" aria-label="Status">
          {(['open', 'resolved'] as const).map((s) => (
            <button
              key={s}
              type="button"
              className={`segmented-option ${status === s ? 'is-active' : ''}`}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
            >
              {s === 'open' ? 'Open' : 'Resolved'}
              {counts && ` (${counts[s]})`}
            </button>
          ))}
        </fieldset>
        <fieldset className="segmented" aria-label="Whose (f switches)">
          <button
            type="button"
            className={`segmented-option ${mine ? '' : 'is-active'}`}
            aria-pressed={!mine}
            onClick={() => setMine(false)}
          >
            Everyone's
          </button>
          <button
            type="button"
            data-testid="escalations-mine"
            className={`segmented-option ${mine ? 'is-active' : ''}`}
            aria-pressed={mine}
            onClick={() => setMine(true)}
          >
            Mine{counts && ` (${counts.mineOpen} open)`}
          </button>
        </fieldset>
      </div>
      <p className="keys-help" data-testid="escalation-keys">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>r</kbd> resolve · <kbd>Enter</kbd> or <kbd>o</kbd> open the
        ticket · <kbd>f</kbd> mine/everyone's · <kbd>Esc</kbd> cancel
      </p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {list && items.length === 0 ? (
        <div className="empty" data-testid="escalations-empty">
          <p className="empty-title">
            {status === 'open' ? 'Nothing is escalated' : 'No escalation was resolved yet'}
            {mine ? ' for you' : ''}.
          </p>
          <p className="muted">
            Review items past their deadline and deliveries that keep failing come here, with the person who
            owns them.
          </p>
        </div>
      ) : (
        <ul
          ref={listRef}
          className="escalation-list"
          tabIndex={-1}
          aria-label="Escalations (j/k to move, r to resolve, Enter to open the ticket)"
        >
          {items.map((e) => (
            <EscalationItem
              key={e.id}
              ref={(el) => {
                if (el) itemRefs.current.set(e.id, el);
                else itemRefs.current.delete(e.id);
              }}
              escalation={e}
              me={me}
              selected={e.id === selectedId}
              resolving={e.id === resolvingId}
              busy={busy}
              onSelect={() => setSelectedId(e.id)}
              onStartResolve={() => {
                setSelectedId(e.id);
                setResolvingId(e.id);
              }}
              onCancelResolve={cancelResolve}
              onResolve={(note) => void resolve(e, note)}
            />
          ))}
        </ul>
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}

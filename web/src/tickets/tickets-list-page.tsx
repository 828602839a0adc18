import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Ticket, TicketPage } from '../api/types.js';
import { displayName, percent, shortAge } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { OutcomeBadge } from './outcome-badge.js';

const outcomes = [
  { value: '', label: 'All outcomes' },
  { value: 'applied', label: 'Applied automatically' },
  { value: 'suggested', label: 'Suggested' },
  { value: 'needs_review', label: 'Needs review' },
  { value: 'escalated', label: 'Escalated' },
];

function ticketsUrl(outcome: string, cursor: string | null): string {
  const params = new URLSearchParams({ limit: '50' });
  if (outcome) params.set('outcome', outcome);
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/tickets?${params}`;
}

export function TicketsListPage() {
  const [outcome, setOutcome] = useState('');
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api
      .get<TicketPage>(ticketsUrl(outcome, null))
      .then((page) => {
        if (!live) return;
        setTickets(page.items);
        setCursor(page.nextCursor);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [outcome]);

  const loadMore = useCallback(async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.get<TicketPage>(ticketsUrl(outcome, cursor));
      setTickets((t) => [...t, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [cursor, outcome]);

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">Tickets</h1>
        <label className="inline-field">
          <span className="visually-hidden">Outcome</span>
          <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            {outcomes.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Requester</th>
            <th scope="col">Category</th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">
              Conf.
            </th>
            <th scope="col" className="num">
              Age
            </th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr key={t.id}>
              <td className="cell-subject">
                <Link to={`/tickets/${t.id}`}>{t.subject || '(no subject)'}</Link>
              </td>
              <td title={t.requester ?? undefined}>{t.requester ? displayName(t.requester) : '—'}</td>
              <td>
                {t.category ? (
                  <span className="chip chip-category">
                    {t.category.name}
                    {t.categorySetBy && (
                      <span className="chip-pct">{t.categorySetBy === 'ai' ? 'AI' : 'human'}</span>
                    )}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {t.decision ? (
                  <OutcomeBadge outcome={t.decision.outcome} />
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num">{percent(t.decision?.confidence ?? t.prediction?.confidence)}</td>
              <td className="num muted">{shortAge(t.createdAt)}</td>
            </tr>
          ))}
          {!loading && tickets.length === 0 && !error && (
            <tr>
              <td colSpan={6} className="muted empty-row">
                No tickets{outcome ? ' with this outcome' : ''} yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="table-foot">
        {cursor && (
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        )}
        {loading && !cursor && <span className="muted small">Loading…</span>}
        <span className="muted small">{tickets.length} shown</span>
      </div>
    </div>
  );
}

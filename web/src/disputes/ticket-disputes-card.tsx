import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category, Ticket } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useSession } from '../lib/session-context.js';
import {
  type Dispute,
  type DisputePage,
  disputedBy,
  disputeOutcomeText,
  rulerText,
} from './dispute-types.js';

interface TicketDisputesCardProps {
  ticket: Ticket;
  categories: Category[];
  /** The ticket changed (a dispute was raised): its history wants reloading. */
  onChanged: () => void;
}

/** The ticket page's disputes: their outcomes, and the form to dispute the current category. */
export function TicketDisputesCard({ ticket, categories, onChanged }: TicketDisputesCardProps) {
  const session = useSession();
  const [disputes, setDisputes] = useState<Dispute[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [formOpen, setFormOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      const page = await api.get<DisputePage>(`/api/v1/disputes?view=all&ticketId=${ticket.id}`);
      setDisputes(page.items);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [ticket.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = disputes?.find((d) => d.status === 'open');
  // Only once the disputes are known: an open one rules out another.
  const canRaise =
    disputes != null && session.permissions.includes('disputes:raise') && ticket.category != null && !open;

  return (
    <section className="card" aria-labelledby="disputes-title" data-testid="ticket-disputes">
      <h2 id="disputes-title" className="section-title">
        Disputes
      </h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {disputes?.length === 0 && !formOpen && <p className="muted small">No one has disputed this ticket.</p>}
      {disputes && disputes.length > 0 && (
        <ul className="dispute-summaries">
          {disputes.map((d) => (
            <li key={d.id} className="small" data-testid="ticket-dispute">
              <span className={`badge badge-dispute-${d.ruling?.outcome ?? d.status}`}>
                {disputeOutcomeText(d)}
              </span>{' '}
              {d.raisedBy.name} disputed {d.disputed.category.name}, set by {disputedBy(d)}
              {d.status === 'open' && <span className="muted"> · {rulerText(d)} rules</span>}
              {d.ruling?.note && <span className="muted"> · “{d.ruling.note}”</span>}
              <span className="muted"> · {formatDateTime(d.ruling?.ruledAt ?? d.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <p className="small">
          <Link to={`/disputes?view=all&id=${open.id}`}>Open in disputes</Link>
        </p>
      )}
      {canRaise && !formOpen && (
        <button
          type="button"
          className="btn btn-small"
          data-testid="dispute-open-form"
          onClick={() => setFormOpen(true)}
        >
          Dispute this decision
        </button>
      )}
      {canRaise && formOpen && ticket.category && (
        <RaiseDisputeForm
          ticketId={ticket.id}
          current={ticket.category}
          categories={categories}
          onCancel={() => setFormOpen(false)}
          onRaised={() => {
            setFormOpen(false);
            void load();
            onChanged();
          }}
        />
      )}
    </section>
  );
}

interface RaiseDisputeFormProps {
  ticketId: string;
  current: { id: string; name: string };
  categories: Category[];
  onCancel: () => void;
  onRaised: () => void;
}

function RaiseDisputeForm({ ticketId, current, categories, onCancel, onRaised }: RaiseDisputeFormProps) {
  const [reason, setReason] = useState('');
  const [proposed, setProposed] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why the category is wrong: the owner rules on your reason.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post<Dispute>(`/api/v1/tickets/${ticketId}/disputes`, {
        reason: reason.trim(),
        ...(proposed ? { proposedCategory: proposed } : {}),
      });
      onRaised();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="dispute-form" onSubmit={(e) => void submit(e)} data-testid="dispute-form">
      <label className="field">
        <span className="field-label">Why is {current.name} wrong?</span>
        <textarea
          data-testid="dispute-reason"
          rows={3}
          maxLength={2_000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          // biome-ignore lint/a11y/noAutofocus: the person just asked for this form
          autoFocus
        />
      </label>
      <label className="field">
        <span className="field-label">The right category (optional)</span>
        <select data-testid="dispute-proposed" value={proposed} onChange={(e) => setProposed(e.target.value)}>
          <option value="">No proposal: the owner decides</option>
          {categories
            .filter((c) => c.id !== current.id)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </select>
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dispute-form-actions">
        <button
          type="submit"
          className="btn btn-primary btn-small"
          disabled={busy}
          data-testid="dispute-submit"
        >
          Raise dispute
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

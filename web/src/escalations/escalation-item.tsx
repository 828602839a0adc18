import type { Ref } from 'react';
import type { Escalation } from '../api/types.js';
import { NoteForm } from '../components/note-form.js';
import { formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { overdueFor } from './escalation-time.js';

interface EscalationItemProps {
  escalation: Escalation;
  selected: boolean;
  resolving: boolean;
  busy: boolean;
  me: string;
  onSelect: () => void;
  onStartResolve: () => void;
  onCancelResolve: () => void;
  onResolve: (note: string) => void;
  ref?: Ref<HTMLLIElement>;
}

const levelText = (e: Escalation) => (e.level === 1 ? 'Level 1 · owner' : 'Level 2 · fallback owner');

/** One escalation: what, whose (and why them), since when, and the owner's deadline. */
export function EscalationItem(props: EscalationItemProps) {
  const { escalation: e, selected, resolving, me } = props;
  const failing = e.kind === 'dead_letter';
  const ownerOverdue = e.status === 'open' && Date.parse(e.dueAt) < Date.now();
  return (
    <li
      ref={props.ref}
      id={`escalation-${e.id}`}
      data-testid="escalation"
      data-escalation-id={e.id}
      // The keys act on the current item; what it holds (link, button, form) stays reachable by Tab.
      aria-current={selected ? 'true' : undefined}
      className={['escalation', selected ? 'is-selected' : ''].join(' ')}
      onPointerDown={props.onSelect}
    >
      <div className="escalation-top">
        <span className="escalation-summary" data-testid="escalation-summary">
          {e.ticket ? <Link to={`/tickets/${e.ticket.id}`}>{e.summary}</Link> : e.summary}
        </span>
        <span className={`badge badge-level-${e.level}`}>{levelText(e)}</span>
      </div>
      <div className="escalation-facts">
        <span data-testid="escalation-owner">
          <span className="label">Owner</span>{' '}
          <strong>{e.owner ? (e.owner.id === me ? `${e.owner.name} (you)` : e.owner.name) : 'Nobody'}</strong>{' '}
          <span className="muted">— {e.ownerReason}</span>
        </span>
        <span className="due is-overdue" data-testid="escalation-overdue">
          {failing ? 'failing' : 'overdue'} {overdueFor(e.overdueMinutes)}
        </span>
        <span className="muted">
          since {formatDateTime(e.since)}
          {e.status === 'open' && (
            <>
              {' '}
              · act by{' '}
              <span
                className={ownerOverdue ? 'due is-overdue' : ''}
                title={e.level === 1 ? 'Still open then, it goes to the fallback owner' : undefined}
              >
                {formatDateTime(e.dueAt)}
              </span>
            </>
          )}
        </span>
      </div>
      {e.effect?.lastError && <p className="escalation-error small">Last error: {e.effect.lastError}</p>}
      {e.notNotifiedReason && <p className="muted small">Not notified: {e.notNotifiedReason}.</p>}
      {e.status === 'resolved' ? (
        <p className="escalation-resolution small" data-testid="escalation-resolution">
          Resolved by <strong>{e.resolvedByName ?? 'someone'}</strong>
          {e.resolvedAt && <> on {formatDateTime(e.resolvedAt)}</>}: {e.resolutionNote}
        </p>
      ) : resolving ? (
        <NoteForm
          testId="escalation-note"
          className="escalation-resolve"
          label="What was done (required)"
          placeholder="What was done? (Enter to resolve, Esc to cancel)"
          required
          submitLabel="Resolve"
          busy={props.busy}
          onCancel={props.onCancelResolve}
          onSubmit={(note) => note && props.onResolve(note)}
        />
      ) : (
        e.canResolve && (
          <div className="escalation-actions">
            <button
              type="button"
              className="btn btn-small"
              data-testid="escalation-resolve"
              onClick={(event) => {
                event.stopPropagation();
                props.onStartResolve();
              }}
            >
              Resolve <kbd>r</kbd>
            </button>
          </div>
        )
      )}
    </li>
  );
}

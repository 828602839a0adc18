import { lazy, type Ref, Suspense } from 'react';
import { NoteForm } from '../components/note-form.js';
import { formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import type { DriftAlert, DriftFigures } from './drift-types.js';

const DriftChart = lazy(() => import('./drift-chart.js'));

interface DriftAlertItemProps {
  alert: DriftAlert;
  me: string;
  selected: boolean;
  resolving: boolean;
  canManage: boolean;
  busy: boolean;
  onSelect: () => void;
  onAcknowledge: () => void;
  onStartResolve: () => void;
  onCancelResolve: () => void;
  onResolve: (note: string | null) => void;
  ref?: Ref<HTMLLIElement>;
}

const kindText: Record<DriftAlert['kind'], string> = {
  confidence_drop: 'Confidence',
  category_mix: 'Category mix',
  out_of_scope_rise: 'Out of scope',
  new_cluster: 'New topic',
};

const isShare = (a: DriftAlert) => a.kind === 'confidence_drop' || a.kind === 'out_of_scope_rise';
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function FiguresLine({ alert, f }: { alert: DriftAlert; f: DriftFigures }) {
  const show = (x: number) => (isShare(alert) ? pct(x) : String(x));
  const window = `${formatDateTime(f.windowStart)} – ${formatDateTime(f.windowEnd)}`;
  if (alert.kind === 'new_cluster') {
    return (
      <span className="muted" data-testid="drift-figures">
        {f.current} tickets (at least {f.threshold} make a topic) · top terms {(f.topTerms ?? []).join(', ')}{' '}
        · {window}
      </span>
    );
  }
  return (
    <span className="muted" data-testid="drift-figures">
      {f.metric}: <strong>{show(f.current)}</strong> now
      {alert.kind !== 'category_mix' && <> vs {show(f.baseline)} baseline</>} · alert at{' '}
      {alert.kind === 'category_mix' ? `${f.threshold} (0.25 critical)` : `a change of ${show(f.threshold)}`}{' '}
      · {f.sample} decisions · {window}
    </span>
  );
}

/** One drift alert: what drifts, whose it is and why, the figures, a chart or the example tickets. */
export function DriftAlertItem(props: DriftAlertItemProps) {
  const { alert: a, selected, me } = props;
  const f = a.figures;
  const live = a.status !== 'resolved';
  const hasSeries = (f?.series.filter((p) => p.value !== null).length ?? 0) >= 2;
  return (
    <li
      ref={props.ref}
      data-testid="drift-alert"
      data-alert-id={a.id}
      aria-current={selected ? 'true' : undefined}
      className={['drift-alert', selected ? 'is-selected' : ''].join(' ')}
      onPointerDown={props.onSelect}
    >
      <div className="drift-top">
        <span className={`badge drift-kind drift-${a.severity}`}>{kindText[a.kind]}</span>
        <span className="drift-title" data-testid="drift-title">
          {a.title}
        </span>
        <span className={`badge drift-status-${a.status}`} data-testid="drift-status">
          {a.status}
        </span>
      </div>
      <div className="drift-facts">
        <span data-testid="drift-owner">
          <span className="label">Owner</span>{' '}
          <strong>{a.owner ? (a.owner.id === me ? `${a.owner.name} (you)` : a.owner.name) : 'Nobody'}</strong>{' '}
          <span className="muted">— {a.ownerReason}</span>
        </span>
        <span className="muted">
          {a.severity} · since {formatDateTime(a.openedAt)}
        </span>
      </div>
      {f && <FiguresLine alert={a} f={f} />}
      {f?.movers && f.movers.length > 0 && (
        <p className="small muted">
          Moved most:{' '}
          {f.movers
            .slice(0, 3)
            .map((m) => `${m.categoryName ?? 'a category'} ${pct(m.expectedShare)} → ${pct(m.actualShare)}`)
            .join(' · ')}
        </p>
      )}
      {hasSeries && (
        <Suspense fallback={<p className="muted">Loading the chart…</p>}>
          <DriftChart alert={a} />
        </Suspense>
      )}
      {a.examples.length > 0 && (
        <ol
          className="drift-examples"
          data-testid="drift-examples"
          aria-label={`Example tickets of ${a.title}`}
        >
          {a.examples.map((e) => (
            <li key={e.ticketId}>
              <Link to={`/tickets/${e.ticketId}`}>{e.subject.trim() || '(no subject)'}</Link>
            </li>
          ))}
        </ol>
      )}
      {a.members > a.examples.length && (
        <p className="small muted">and {a.members - a.examples.length} more like them</p>
      )}
      {a.notNotifiedReason && <p className="muted small">Not notified: {a.notNotifiedReason}.</p>}
      {a.acknowledgedAt && (
        <p className="small muted" data-testid="drift-acknowledged">
          Acknowledged by {a.acknowledgedByName ?? 'someone'} on {formatDateTime(a.acknowledgedAt)}
        </p>
      )}
      {a.status === 'resolved' ? (
        <p className="small" data-testid="drift-resolution">
          {a.resolvedAutomatically ? 'Cleared by itself' : `Resolved by ${a.resolvedByName ?? 'someone'}`}
          {a.resolvedAt && <> on {formatDateTime(a.resolvedAt)}</>}
          {a.resolutionNote && <>: {a.resolutionNote}</>}
        </p>
      ) : props.resolving ? (
        <NoteForm
          testId="drift-note"
          className="drift-resolve"
          label="What was done (optional)"
          placeholder="What was done? (optional; Enter to resolve, Esc to cancel)"
          required={false}
          submitLabel="Resolve"
          busy={props.busy}
          onCancel={props.onCancelResolve}
          onSubmit={props.onResolve}
        />
      ) : (
        live &&
        props.canManage && (
          <div className="drift-actions">
            {a.status === 'open' && (
              <button
                type="button"
                className="btn btn-small"
                data-testid="drift-acknowledge"
                disabled={props.busy}
                onClick={(event) => {
                  event.stopPropagation();
                  props.onAcknowledge();
                }}
              >
                Acknowledge <kbd>a</kbd>
              </button>
            )}
            <button
              type="button"
              className="btn btn-small"
              data-testid="drift-resolve"
              disabled={props.busy}
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

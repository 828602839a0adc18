import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { TicketWithHistory } from '../api/types.js';
import { ExplanationView, RankedList } from '../components/explanation-view.js';
import { TicketDisputesCard } from '../disputes/ticket-disputes-card.js';
import { displayName, formatDateTime, humanise, modelWithOnline, percent } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { useCategories } from '../lib/use-categories.js';
import { OutcomeBadge } from './outcome-badge.js';
import { TicketLabels } from './ticket-labels.js';
import { TicketTimeline } from './ticket-timeline.js';

/** Who set the current category: the person behind the latest label, or the AI's model. */
function setBy(ticket: TicketWithHistory): string {
  if (ticket.categorySetBy === 'ai') {
    const version = ticket.decision?.modelVersion ?? ticket.prediction?.modelVersion;
    return version == null ? 'the AI' : `the AI (model v${version})`;
  }
  if (ticket.categorySetBy === 'human') {
    const label = ticket.history.findLast((h) => h.action === 'label.recorded');
    return label?.actorName ? `${label.actorName} (human)` : 'a person';
  }
  return '—';
}

export function TicketPage({ ticketId }: { ticketId: string }) {
  const categories = useCategories();
  const [ticket, setTicket] = useState<TicketWithHistory | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<TicketWithHistory>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`)
      .then((t) => live && setTicket(t))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [ticketId]);

  // After a change made on this page (a dispute), so the history shows it.
  const reload = useCallback(() => {
    api
      .get<TicketWithHistory>(`/api/v1/tickets/${encodeURIComponent(ticketId)}`)
      .then(setTicket)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [ticketId]);

  if (error) {
    return (
      <div className="page page-narrow">
        <p className="banner banner-error" role="alert">
          {error}
        </p>
        <Link to="/tickets">Back to tickets</Link>
      </div>
    );
  }
  if (!ticket) return <div className="page muted">Loading…</div>;

  const { prediction, decision } = ticket;
  return (
    <div className="page ticket-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/tickets">Tickets</Link> <span aria-hidden="true">/</span>{' '}
        <span className="muted">
          {ticket.source} #{ticket.externalId}
        </span>
      </nav>
      <div className="ticket-layout">
        <div className="ticket-main">
          <h1 className="page-title">{ticket.subject || '(no subject)'}</h1>
          <p className="detail-meta">
            <span title={ticket.requester ?? undefined}>{displayName(ticket.requester)}</span>
            {ticket.channel && (
              <>
                <span aria-hidden="true">·</span>
                <span>{ticket.channel}</span>
              </>
            )}
            <span aria-hidden="true">·</span>
            <span>{formatDateTime(ticket.createdAt)}</span>
            {ticket.assignee && (
              <>
                <span aria-hidden="true">·</span>
                <span>Assignee: {ticket.assignee}</span>
              </>
            )}
          </p>
          <div className="detail-body ticket-body">
            {ticket.body || <span className="muted">(empty body)</span>}
          </div>

          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title" className="section-title">
              History
            </h2>
            <TicketTimeline history={ticket.history} nameOf={categories.nameOf} />
          </section>
        </div>

        <aside className="ticket-side">
          <section className="card" aria-labelledby="category-title">
            <h2 id="category-title" className="section-title">
              Category
            </h2>
            {ticket.category ? (
              <p className="current-category">
                <span className="chip chip-category chip-large">{ticket.category.name}</span>
                <span className="muted small">set by {setBy(ticket)}</span>
              </p>
            ) : (
              <p className="muted">Not categorised yet.</p>
            )}
            {ticket.learnedInModelVersion != null && (
              <p className="small muted">Learned in model v{ticket.learnedInModelVersion}.</p>
            )}
            {ticket.reviewItem && (
              <p className="small">
                Review: {ticket.reviewItem.status}
                {ticket.reviewItem.resolution ? ` (${ticket.reviewItem.resolution})` : ''}
                {ticket.reviewItem.status === 'open' && (
                  <>
                    {' '}
                    — <Link to="/review">open the queue</Link>
                  </>
                )}
              </p>
            )}
          </section>

          <section className="card" aria-labelledby="labels-title">
            <h2 id="labels-title" className="section-title">
              Labels
            </h2>
            <TicketLabels labels={ticket.labels} />
          </section>

          <TicketDisputesCard ticket={ticket} categories={categories.list} onChanged={reload} />

          <section className="card" aria-labelledby="decision-title">
            <h2 id="decision-title" className="section-title">
              Decision
            </h2>
            {decision ? (
              <dl className="facts">
                <dt>Outcome</dt>
                <dd>
                  <OutcomeBadge outcome={decision.outcome} />
                  {decision.reason && <span className="muted small"> {humanise(decision.reason)}</span>}
                </dd>
                <dt>Category</dt>
                <dd>
                  {decision.category?.name ?? '—'}
                  {decision.confidence != null && ` (${percent(decision.confidence)})`}
                </dd>
                <dt>Rule</dt>
                <dd>{decision.rule}</dd>
                <dt>Inputs</dt>
                <dd className="small">{decisionInputs(decision.inputs)}</dd>
                <dt>Model</dt>
                <dd>{decision.modelVersion != null ? `v${decision.modelVersion}` : 'none'}</dd>
                <dt>When</dt>
                <dd>{formatDateTime(decision.createdAt)}</dd>
              </dl>
            ) : (
              <p className="muted">No decision yet.</p>
            )}
          </section>

          <section className="card" aria-labelledby="prediction-title">
            <h2 id="prediction-title" className="section-title">
              Prediction
            </h2>
            {prediction ? (
              <>
                <p className="small">
                  <strong>{prediction.category?.name ?? '—'}</strong> at {percent(prediction.confidence)} ·
                  model {modelWithOnline(prediction.modelVersion, prediction.onlineCorrections)}
                </p>
                <h3 className="label">Top alternatives</h3>
                <RankedList ranked={prediction.ranked} />
                <h3 className="label">Why</h3>
                <ExplanationView explanation={prediction.explanation} nameOf={categories.nameOf} />
              </>
            ) : (
              <p className="muted">No prediction was made.</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

/** What the rule saw, in one line: stage, autonomy, thresholds and scores, omitting what is absent. */
function decisionInputs(inputs: Record<string, unknown>): string {
  const n = (key: string) => (typeof inputs[key] === 'number' ? (inputs[key] as number).toFixed(2) : null);
  const parts = [
    inputs.stage ? `stage ${inputs.stage}` : null,
    inputs.autonomy ? `autonomy ${humanise(String(inputs.autonomy))}` : null,
    n('autoThreshold') ? `auto threshold ${n('autoThreshold')}` : null,
    n('suggestThreshold') ? `suggest threshold ${n('suggestThreshold')}` : null,
    n('targetPrecision') ? `target precision ${n('targetPrecision')}` : null,
    n('outOfScopeScore')
      ? `out-of-scope score ${n('outOfScopeScore')} (cut-off ${n('outOfScopeCutoff')})`
      : null,
  ];
  return parts.filter((part) => part !== null).join(' · ') || '—';
}

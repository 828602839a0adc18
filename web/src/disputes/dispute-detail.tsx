import type { Ref } from 'react';
import type { Category } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { type Dispute, disputedBy, disputeOutcomeText, rulerText } from './dispute-types.js';
import { RulingForm, type RulingFormHandle } from './ruling-form.js';

interface DisputeDetailProps {
  dispute: Dispute;
  categories: Category[];
  busy: boolean;
  onRule: (categoryId: string, note: string) => void;
  onWithdraw: () => void;
  rulingRef: Ref<RulingFormHandle>;
}

export function DisputeDetail({
  dispute: d,
  categories,
  busy,
  onRule,
  onWithdraw,
  rulingRef,
}: DisputeDetailProps) {
  return (
    <article className="detail" data-testid="dispute-detail" aria-labelledby="dispute-detail-subject">
      <header className="detail-head">
        <h2 id="dispute-detail-subject" className="detail-subject">
          <Link to={`/tickets/${d.ticketId}`} title="Open the ticket page">
            {d.ticketSubject || '(no subject)'}
          </Link>
        </h2>
        <div className="detail-meta">
          <span>Raised by {d.raisedBy.name}</span>
          <span aria-hidden="true">·</span>
          <span>{formatDateTime(d.createdAt)}</span>
          <span
            className={`badge badge-dispute-${d.ruling?.outcome ?? d.status}`}
            data-testid="dispute-outcome"
          >
            {disputeOutcomeText(d)}
          </span>
        </div>
      </header>

      <dl className="facts dispute-facts">
        <dt>Disputed</dt>
        <dd>
          <span className="chip chip-category">{d.disputed.category.name}</span> set by {disputedBy(d)}
        </dd>
        <dt>Reason</dt>
        <dd className="dispute-reason">“{d.reason}”</dd>
        <dt>Proposed</dt>
        <dd>{d.proposedCategory ? d.proposedCategory.name : <span className="muted">no proposal</span>}</dd>
        <dt>Rules</dt>
        <dd>{d.ruling ? d.ruling.ruledBy.name : rulerText(d)}</dd>
        {d.ruling && (
          <>
            <dt>Ruling</dt>
            <dd data-testid="dispute-ruling">
              {disputeOutcomeText(d)} · {formatDateTime(d.ruling.ruledAt)}
              {d.ruling.note && <span className="dispute-note"> — “{d.ruling.note}”</span>}
            </dd>
          </>
        )}
        {d.withdrawnAt && (
          <>
            <dt>Withdrawn</dt>
            <dd>{formatDateTime(d.withdrawnAt)}</dd>
          </>
        )}
      </dl>

      {d.canRule && (
        <section className="decide" aria-label="Rule on the dispute">
          <RulingForm ref={rulingRef} dispute={d} categories={categories} busy={busy} onRule={onRule} />
          <p className="rule">
            The ruling becomes the ticket's category and a label the next model learns from; the raiser and{' '}
            {disputedBy(d)} see it.
          </p>
        </section>
      )}
      {d.status === 'open' && !d.canRule && (
        <p className="muted small dispute-waiting">Waiting for {rulerText(d)} to rule.</p>
      )}
      {d.canWithdraw && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onWithdraw} disabled={busy}>
          Withdraw my dispute
        </button>
      )}
    </article>
  );
}

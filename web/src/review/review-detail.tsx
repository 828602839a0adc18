import type { Ref } from 'react';
import type { Category, ReviewItem } from '../api/types.js';
import { confidenceTone } from '../components/confidence.js';
import { ExplanationView, RankedList } from '../components/explanation-view.js';
import { displayName, formatDateTime, percent, shortAge } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { CategoryPicker, type CategoryPickerHandle } from './category-picker.js';
import { NoneFitsForm, type NoneFitsHandle } from './none-fits-form.js';
import { reasonLabel } from './reason-label.js';
import { DueChip } from './review-list.js';

interface ReviewDetailProps {
  item: ReviewItem;
  userId: string;
  categories: Category[];
  nameOf: (idOrKey: string | null | undefined) => string;
  busy: boolean;
  onAccept: () => void;
  onCorrect: (category: Category) => void;
  onNoneFits: (suggestedCategory: string) => void;
  onToggleClaim: () => void;
  /** Escape in the picker or the none-fits field: focus goes back to the list. */
  onCancel: () => void;
  pickerRef: Ref<CategoryPickerHandle>;
  noneFitsRef: Ref<NoneFitsHandle>;
}

function ClaimState({
  item,
  userId,
  busy,
  onToggle,
}: {
  item: ReviewItem;
  userId: string;
  busy: boolean;
  onToggle: () => void;
}) {
  const mine = item.claimedBy === userId;
  return (
    <span className="claim" data-testid="claim-state">
      {item.claimedBy
        ? mine
          ? 'Claimed by you'
          : `Claimed by ${item.claimedByName ?? 'someone else'}`
        : 'Unclaimed'}
      {(mine || !item.claimedBy) && (
        <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={onToggle}>
          {mine ? 'Release' : 'Claim'} <kbd>m</kbd>
        </button>
      )}
    </span>
  );
}

export function ReviewDetail({
  item,
  userId,
  categories,
  nameOf,
  busy,
  onAccept,
  onCorrect,
  onNoneFits,
  onToggleClaim,
  onCancel,
  pickerRef,
  noneFitsRef,
}: ReviewDetailProps) {
  const hasSuggestion = item.suggestedCategoryId != null;
  return (
    <article className="detail" data-testid="review-detail" aria-labelledby="review-detail-subject">
      <header className="detail-head">
        <h2 id="review-detail-subject" className="detail-subject">
          <Link to={`/tickets/${item.ticketId}`} title="Open the ticket page">
            {item.subject || '(no subject)'}
          </Link>
        </h2>
        <div className="detail-meta">
          <span title={item.requester ?? undefined}>{displayName(item.requester)}</span>
          <span aria-hidden="true">·</span>
          <span title={formatDateTime(item.createdAt)}>{shortAge(item.createdAt)} in queue</span>
          <span aria-hidden="true">·</span>
          <span>{item.queueName}</span>
          <DueChip dueAt={item.dueAt} />
          <span className={`badge badge-${item.reason}`}>{reasonLabel(item.reason)}</span>
          <ClaimState item={item} userId={userId} busy={busy} onToggle={onToggleClaim} />
        </div>
      </header>

      {item.kind === 'second' && (
        <p className="banner banner-info" data-testid="second-review-note">
          Second review: answer on your own. The first reviewer's answer stays hidden; the two are compared to
          measure agreement, and yours does not change the ticket.
        </p>
      )}

      <div className="detail-body" tabIndex={-1}>
        {item.body || <span className="muted">(empty body)</span>}
      </div>

      <section className="decide" aria-label="Decide">
        <div className="decide-row">
          <div className="suggestion">
            <span className="label">AI suggests</span>
            {hasSuggestion ? (
              <>
                <span
                  data-testid="suggested-category"
                  className={`chip chip-suggest chip-large tone-${confidenceTone(item.confidence)}`}
                >
                  {item.suggestedCategoryName}
                  <span className="chip-pct">{percent(item.confidence)}</span>
                </span>
                {item.modelVersion != null && <span className="muted small">model v{item.modelVersion}</span>}
              </>
            ) : (
              <span className="chip chip-none chip-large">No suggestion — choose a category</span>
            )}
          </div>
          <div className="decide-actions">
            {hasSuggestion && (
              <button type="button" className="btn btn-primary" onClick={onAccept} disabled={busy}>
                Accept <kbd>Enter</kbd>
              </button>
            )}
            <CategoryPicker
              ref={pickerRef}
              categories={categories}
              suggestedId={item.suggestedCategoryId}
              disabled={busy}
              onChoose={onCorrect}
              onCancel={onCancel}
            />
            <NoneFitsForm ref={noneFitsRef} disabled={busy} onSubmit={onNoneFits} onCancel={onCancel} />
          </div>
        </div>
        <p className="rule">
          <span className="label">Rule</span> {item.rule}
        </p>
      </section>

      <div className="detail-grid">
        <section aria-labelledby="why-title">
          <h3 id="why-title" className="section-title">
            Why
          </h3>
          <ExplanationView explanation={item.explanation} nameOf={nameOf} />
        </section>
        <section aria-labelledby="alt-title">
          <h3 id="alt-title" className="section-title">
            Top alternatives
          </h3>
          <RankedList ranked={item.ranked} />
        </section>
      </div>
    </article>
  );
}

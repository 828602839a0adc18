import { type Ref, useEffect, useRef } from 'react';
import type { ReviewItem } from '../api/types.js';
import { confidenceTone } from '../components/confidence.js';
import { displayName, percent } from '../lib/format.js';
import { dueLabel } from './due-label.js';

interface ReviewListProps {
  items: ReviewItem[];
  selectedId: string | null;
  /** The items marked for bulk resolution (x). */
  marked: ReadonlySet<string>;
  userId: string;
  onSelect: (id: string) => void;
  ref?: Ref<HTMLDivElement>;
}

export function ReviewList({ items, selectedId, marked, userId, onSelect, ref }: ReviewListProps) {
  const itemRefs = useRef(new Map<string, HTMLDivElement>());

  useEffect(() => {
    if (selectedId) itemRefs.current.get(selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  return (
    <div
      ref={ref}
      className="queue-list"
      role="listbox"
      tabIndex={0}
      aria-label="Open review items (j/k or arrow keys to move, Enter to accept, x to select for bulk)"
      aria-activedescendant={selectedId ? `review-item-${selectedId}` : undefined}
    >
      {items.map((item) => (
        <div
          key={item.id}
          id={`review-item-${item.id}`}
          ref={(el) => {
            if (el) itemRefs.current.set(item.id, el);
            else itemRefs.current.delete(item.id);
          }}
          data-testid="review-item"
          data-ticket-id={item.ticketId}
          data-marked={marked.has(item.id)}
          role="option"
          tabIndex={-1}
          aria-selected={item.id === selectedId}
          className={[
            'queue-item',
            item.id === selectedId ? 'is-selected' : '',
            marked.has(item.id) ? 'is-marked' : '',
          ].join(' ')}
          onClick={() => onSelect(item.id)}
          onKeyDown={(e) => {
            // j/k, arrows and Enter are the page's; Space selects the item that has focus.
            if (e.key === ' ') {
              e.preventDefault();
              onSelect(item.id);
            }
          }}
        >
          <div className="queue-item-top">
            {marked.has(item.id) && (
              <span className="queue-item-mark" role="img" aria-label="Selected for bulk">
                ✓
              </span>
            )}
            <span className="queue-item-subject">{item.subject || '(no subject)'}</span>
            <DueChip dueAt={item.dueAt} />
          </div>
          <div className="queue-item-bottom">
            <span className="queue-item-requester" title={item.requester ?? undefined}>
              {displayName(item.requester)}
            </span>
            {item.claimedBy && (
              <span className="chip chip-claim" data-testid="claim-chip">
                {item.claimedBy === userId ? 'Yours' : (item.claimedByName ?? 'Claimed')}
              </span>
            )}
            {item.suggestedCategoryName ? (
              <span className={`chip chip-suggest tone-${confidenceTone(item.confidence)}`}>
                {item.suggestedCategoryName}
                <span className="chip-pct">{percent(item.confidence)}</span>
              </span>
            ) : (
              <span className="chip chip-none">No suggestion</span>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

/** The deadline, red once it has passed. */
export function DueChip({ dueAt }: { dueAt: string }) {
  const due = dueLabel(dueAt);
  return (
    <span
      className={due.overdue ? 'due is-overdue' : 'due'}
      data-testid="due"
      title={`Due ${new Date(dueAt).toLocaleString()}`}
    >
      {due.text}
    </span>
  );
}

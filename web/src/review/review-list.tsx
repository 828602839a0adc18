import { type Ref, useEffect, useRef } from 'react';
import type { ReviewItem } from '../api/types.js';
import { confidenceTone } from '../components/confidence.js';
import { displayName, percent, shortAge } from '../lib/format.js';

interface ReviewListProps {
  items: ReviewItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  ref?: Ref<HTMLDivElement>;
}

export function ReviewList({ items, selectedId, onSelect, ref }: ReviewListProps) {
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
      aria-label="Open review items (j/k or arrow keys to move, Enter to accept)"
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
          role="option"
          tabIndex={-1}
          aria-selected={item.id === selectedId}
          className={item.id === selectedId ? 'queue-item is-selected' : 'queue-item'}
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
            <span className="queue-item-subject">{item.subject || '(no subject)'}</span>
            <span className="queue-item-age" title={new Date(item.createdAt).toLocaleString()}>
              {shortAge(item.createdAt)}
            </span>
          </div>
          <div className="queue-item-bottom">
            <span className="queue-item-requester" title={item.requester ?? undefined}>
              {displayName(item.requester)}
            </span>
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

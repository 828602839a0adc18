import { type Ref, useEffect, useRef } from 'react';
import { shortAge } from '../lib/format.js';
import { type Dispute, disputeOutcomeText } from './dispute-types.js';

interface DisputeListProps {
  disputes: Dispute[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  ref?: Ref<HTMLDivElement>;
}

export function DisputeList({ disputes, selectedId, onSelect, ref }: DisputeListProps) {
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
      aria-label="Disputes (j/k or arrow keys to move)"
      aria-activedescendant={selectedId ? `dispute-${selectedId}` : undefined}
    >
      {disputes.map((d) => (
        <div
          key={d.id}
          id={`dispute-${d.id}`}
          ref={(el) => {
            if (el) itemRefs.current.set(d.id, el);
            else itemRefs.current.delete(d.id);
          }}
          data-testid="dispute-item"
          data-dispute-id={d.id}
          role="option"
          tabIndex={-1}
          aria-selected={d.id === selectedId}
          className={d.id === selectedId ? 'queue-item is-selected' : 'queue-item'}
          onClick={() => onSelect(d.id)}
          onKeyDown={(e) => {
            if (e.key === ' ') {
              e.preventDefault();
              onSelect(d.id);
            }
          }}
        >
          <div className="queue-item-top">
            <span className="queue-item-subject">{d.ticketSubject || '(no subject)'}</span>
            <span className="queue-item-age" title={new Date(d.createdAt).toLocaleString()}>
              {shortAge(d.createdAt)}
            </span>
          </div>
          <div className="queue-item-bottom">
            <span className="queue-item-requester">
              {d.disputed.category.name}
              {d.proposedCategory && ` → ${d.proposedCategory.name}?`} · by {d.raisedBy.name}
            </span>
            <span className={`badge badge-dispute-${d.ruling?.outcome ?? d.status}`}>
              {disputeOutcomeText(d)}
            </span>
          </div>
        </div>
      ))}
    </div>
  );
}

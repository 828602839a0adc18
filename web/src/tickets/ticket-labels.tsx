import type { TicketLabel } from '../api/types.js';
import { formatDateTime, humanise } from '../lib/format.js';

// The ticket's labels with their provenance — who, when, from what, to what, how and why —
// and whether the model has them: learned online by the champion now, or in a trained model.

function learningText(learning: TicketLabel['learning']): string {
  switch (learning.state) {
    case 'in_model':
      return `in model v${learning.modelVersion}`;
    case 'learned_online':
      return `learned online on top of v${learning.modelVersion} · in the next trained model`;
    case 'not_learned':
      return learning.reason === 'no_model'
        ? 'no model yet'
        : learning.reason === 'retired_category'
          ? 'category retired: not learned'
          : 'learned at the next training';
  }
}

const categoryName = (c: { name: string; retired: boolean }) => (c.retired ? `${c.name} (retired)` : c.name);

export function TicketLabels({ labels }: { labels: TicketLabel[] }) {
  if (labels.length === 0) {
    return (
      <p className="muted small">No labels: nobody has confirmed or corrected this ticket's category.</p>
    );
  }
  return (
    <ol className="ticket-labels">
      {labels.map((label) => (
        <li key={label.id} className="small" data-testid="ticket-label" data-label-kind={label.kind}>
          <strong>
            {label.from ? `${categoryName(label.from)} → ` : ''}
            {categoryName(label.to)}
          </strong>
          <br />
          <span>
            {humanise(label.reasonCode ?? label.kind)} by {label.actorName}
          </span>{' '}
          <span className="muted">· {formatDateTime(label.at)}</span>
          <br />
          <span className="muted" data-learning={label.learning.state}>
            {learningText(label.learning)}
          </span>
        </li>
      ))}
    </ol>
  );
}

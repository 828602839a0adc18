import type { HistoryEntry } from '../api/types.js';
import { formatDateTime } from '../lib/format.js';
import { historySentence } from './history-sentence.js';

interface TicketTimelineProps {
  history: HistoryEntry[];
  nameOf: (idOrKey: string | null | undefined) => string;
}

export function TicketTimeline({ history, nameOf }: TicketTimelineProps) {
  if (history.length === 0) return <p className="muted small">No history yet.</p>;
  const seen = new Map<string, number>();
  const keyed = history.map((entry) => {
    const base = `${entry.at}|${entry.action}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { entry, key: `${base}|${n}` };
  });
  return (
    <ol className="timeline" data-testid="ticket-history">
      {keyed.map(({ entry, key }) => (
        <li key={key} className={`timeline-item actor-${entry.actorType}`}>
          <span className="timeline-dot" aria-hidden="true" />
          <div className="timeline-body">
            <p className="timeline-text">{historySentence(entry, nameOf)}</p>
            <p className="timeline-meta">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              <span aria-hidden="true"> · </span>
              <span>{entry.actorName}</span>
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

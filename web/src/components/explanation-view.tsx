import type { Explanation, RankedCategory } from '../api/types.js';
import { percent } from '../lib/format.js';
import { Link } from '../lib/router.js';
import { ConfidenceBar } from './confidence.js';

interface ExplanationViewProps {
  explanation: Explanation | null;
  nameOf: (idOrKey: string | null | undefined) => string;
  maxTerms?: number;
}

/** "Why": the words that drove the prediction and the most similar past tickets. */
export function ExplanationView({ explanation, nameOf, maxTerms = 8 }: ExplanationViewProps) {
  if (!explanation || (explanation.terms.length === 0 && explanation.similar.length === 0)) {
    return <p className="muted small">No explanation was recorded for this prediction.</p>;
  }
  const terms = [...explanation.terms]
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, maxTerms);
  const similar = explanation.similar.slice(0, 3);
  return (
    <div className="why">
      {terms.length > 0 && (
        <div className="why-block">
          <h4 className="label">Words that drove it</h4>
          <ul className="chips" aria-label="Words that drove the suggestion">
            {terms.map((t) => (
              <li key={t.term} className="chip chip-term" title={`weight ${t.weight.toFixed(3)}`}>
                {t.term}
              </li>
            ))}
          </ul>
        </div>
      )}
      {similar.length > 0 && (
        <div className="why-block">
          <h4 className="label">Similar past tickets</h4>
          <ul className="similar">
            {similar.map((s) => (
              <li key={s.id} className="similar-item">
                <div className="similar-meta">
                  <span className="chip chip-category">{nameOf(s.category)}</span>
                  <span className="muted small">{percent(s.similarity)} similar</span>
                  <Link to={`/tickets/${s.id}`} className="small">
                    Open
                  </Link>
                </div>
                <p className="similar-text">{s.text}</p>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function RankedList({ ranked, limit = 3 }: { ranked: RankedCategory[] | null; limit?: number }) {
  if (!ranked || ranked.length === 0) return <p className="muted small">No ranking available.</p>;
  return (
    <ol className="ranked">
      {ranked.slice(0, limit).map((r) => (
        <li key={r.categoryId} className="ranked-row">
          <span className="ranked-name">{r.name}</span>
          <ConfidenceBar value={r.probability} />
          <span className="ranked-pct">{percent(r.probability)}</span>
        </li>
      ))}
    </ol>
  );
}

import type { Quality } from './metrics-types.js';

/** One figure with its label and what it is measured against. */
export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="metrics-stat">
      <span className="metrics-stat-label">{label}</span>
      <span className="metrics-stat-value">{value}</span>
      {hint && <span className="metrics-stat-hint">{hint}</span>}
    </div>
  );
}

/** The predicted → human category pairs that cost the most review time. */
export function ConfusionTable({ confusions }: { confusions: Quality['confusions'] }) {
  if (confusions.length === 0) return <p className="muted">No confusions in this range.</p>;
  return (
    <table className="metrics-table" data-testid="confusions">
      <caption>Confusions that cost the most review time</caption>
      <thead>
        <tr>
          <th scope="col">Predicted</th>
          <th scope="col">People chose</th>
          <th scope="col">Tickets</th>
          <th scope="col">Review minutes</th>
        </tr>
      </thead>
      <tbody>
        {confusions.map((c) => (
          <tr key={`${c.predictedCategoryId}-${c.humanCategoryId}`}>
            <td>{c.predictedName}</td>
            <td>{c.humanName}</td>
            <td>{c.n}</td>
            <td>{c.reviewMinutes.toFixed(0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

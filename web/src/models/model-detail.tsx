import { type ModelDetail, pct, statusHelp } from './models-types.js';

interface ModelDetailProps {
  model: ModelDetail;
  categoryName: (id: string) => string;
}

const when = (iso: string) => new Date(iso).toLocaleString();

/** One version: why it has its status, the shadow comparison and gate, its data and its history. */
export function ModelDetailPanel({ model, categoryName }: ModelDetailProps) {
  const perCategory = Object.entries(model.trainingSummary.data?.perCategory ?? {}).sort(
    (a, b) => b[1] - a[1],
  );
  return (
    <section className="card model-detail" data-testid="model-detail" aria-label={`Model v${model.version}`}>
      <h2 className="section-title">
        Model v{model.version}: {model.status}
      </h2>
      <p className="muted small">
        {statusHelp[model.status]}
        {model.statusReason ? ` — ${model.statusReason}` : ''}
        {model.previousChampionVersion !== null
          ? ` · replaced champion v${model.previousChampionVersion}`
          : ''}
      </p>
      {model.shadow && (
        <div className="model-shadow" data-testid="model-shadow">
          <h3 className="section-title">Shadow evaluation</h3>
          <p>
            On {model.shadow.challenger.overall.sample} labelled live tickets: challenger{' '}
            <strong>{pct(model.shadow.challenger.overall.accuracy)}</strong>, champion{' '}
            <strong>{pct(model.shadow.champion.overall.accuracy)}</strong>. Gate:{' '}
            <span className={`badge gate-${model.shadow.gate.verdict}`} data-testid="gate-verdict">
              {model.shadow.gate.verdict.replace('_', ' ')}
            </span>
          </p>
          <ul className="gate-checks">
            {model.shadow.gate.checks.map((c) => (
              <li key={c.metric} className={c.pass ? 'gate-ok' : 'gate-fail'}>
                {c.metric === 'overall' ? 'Overall' : categoryName(c.metric)}: {c.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h3 className="section-title">Training data</h3>
      <p className="small">
        {model.trainingSummary.data?.labels ?? model.trainingSummary.exampleCount} labelled tickets up to
        label #{model.labelWatermark}; metrics on {model.metrics.heldOutRows ?? '—'} held-out rows.
      </p>
      {perCategory.length > 0 && (
        <ul className="model-counts small">
          {perCategory.map(([id, n]) => (
            <li key={id}>
              {categoryName(id)} <span className="muted">{n}</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className="section-title">History</h3>
      <ol className="timeline" data-testid="model-history">
        {model.history.map((h) => (
          <li key={h.seq} className="timeline-item">
            <span className="timeline-text">
              <strong>{h.action}</strong> by {h.actorName}
              {typeof h.payload.reason === 'string' ? ` — ${h.payload.reason}` : ''}
            </span>
            <span className="timeline-meta">{when(h.occurredAt)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

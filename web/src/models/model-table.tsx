import { pct, type RegisteredModel } from './models-types.js';

interface ModelTableProps {
  models: RegisteredModel[];
  selectedVersion: number | null;
  onSelect: (version: number) => void;
}

/** Every version, newest first: status, training data, the model's own held-out metrics. */
export function ModelTable({ models, selectedVersion, onSelect }: ModelTableProps) {
  return (
    <table className="table models-table" data-testid="models-table">
      <thead>
        <tr>
          <th>Version</th>
          <th>Status</th>
          <th>Trained</th>
          <th className="num">Labels</th>
          <th className="num">Categories</th>
          <th className="num">Accuracy</th>
          <th className="num">ECE</th>
          <th className="num">Coverage at target</th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => (
          <tr
            key={m.id}
            data-testid={`model-row-${m.version}`}
            data-status={m.status}
            aria-selected={m.version === selectedVersion}
            className={m.version === selectedVersion ? 'models-row-selected' : undefined}
            onClick={() => onSelect(m.version)}
          >
            <td>
              v{m.version}
              {m.onlineCorrections ? (
                <span className="muted small" title="corrections learned online since its training">
                  +{m.onlineCorrections} online
                </span>
              ) : null}
            </td>
            <td>
              <span className={`badge model-status model-status-${m.status}`}>{m.status}</span>
              {m.status === 'challenger' && m.gate?.verdict === 'pass' && (
                <span className="badge model-status-awaiting">awaiting approval</span>
              )}
            </td>
            <td>
              {new Date(m.createdAt).toLocaleString()}
              <span className="muted small"> by {m.createdByName ?? m.createdByType}</span>
            </td>
            <td className="num">{m.trainingSummary.data?.labels ?? m.trainingSummary.exampleCount ?? '—'}</td>
            <td className="num">
              {m.trainingSummary.data?.categories ?? m.trainingSummary.categoryCount ?? '—'}
            </td>
            <td className="num">{pct(m.metrics.accuracy)}</td>
            <td className="num">{pct(m.metrics.ece)}</td>
            <td className="num" title={`at ${pct(m.metrics.targetPrecision)} precision`}>
              {pct(m.metrics.coverageAtTarget)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useEffect, useState } from 'react';
import type { Gate, TargetStage } from './rollout-types.js';

// Editing the gates of each step up, as data: one row per gate (metric, comparison, threshold,
// fewest cases before a breach rolls back). The server validates the same shape (zod) and
// records the change as a rollout.gates_changed event.

/** The metrics the server knows (rollout-gates.ts gateMetrics), with what each measures. */
const METRICS: { key: string; hint: string }[] = [
  { key: 'decided_tickets', hint: 'distinct tickets decided in the window' },
  { key: 'precision', hint: 'share of applied decisions people later confirmed' },
  { key: 'acceptance', hint: 'share of suggestions people accepted' },
  { key: 'override', hint: 'share of shown decisions people changed' },
  { key: 'minutes_vs_baseline', hint: 'review minutes per ticket ÷ the shadow and control baseline' },
  { key: 'overdue_escalations', hint: 'open escalations past their deadline' },
];
const OPS = ['>=', '<=', '>', '<'];
const TARGETS: TargetStage[] = ['shadow', 'suggest', 'auto'];

interface Row {
  metric: string;
  op: string;
  value: string;
  minSample: string;
}

const rowOf = (g: Gate): Row => ({
  metric: g.metric,
  op: g.op,
  value: String(g.value),
  minSample: g.minSample === undefined ? '' : String(g.minSample),
});

/** The rows as gates, or the first problem found. */
function gatesOf(rows: Row[]): Gate[] | string {
  const gates: Gate[] = [];
  for (const [i, r] of rows.entries()) {
    const value = Number(r.value);
    if (r.value.trim() === '' || !Number.isFinite(value) || value < 0)
      return `Gate ${i + 1}: the threshold must be a number ≥ 0.`;
    const minSample = r.minSample.trim() === '' ? undefined : Number(r.minSample);
    if (minSample !== undefined && (!Number.isInteger(minSample) || minSample < 1))
      return `Gate ${i + 1}: the minimum sample must be a whole number ≥ 1, or empty.`;
    gates.push({ metric: r.metric, op: r.op, value, ...(minSample === undefined ? {} : { minSample }) });
  }
  return gates;
}

export function GateEditor({
  gates,
  busy,
  onSave,
}: {
  gates: Record<TargetStage, Gate[]>;
  busy: boolean;
  onSave: (stage: TargetStage, gates: Gate[]) => void;
}) {
  const [stage, setStage] = useState<TargetStage>('suggest');
  const [rows, setRows] = useState<Row[]>(() => gates[stage].map(rowOf));
  const [problem, setProblem] = useState<string | null>(null);
  // A new stage chosen, or the gates saved and reloaded: start from what the server holds.
  useEffect(() => {
    setRows(gates[stage].map(rowOf));
    setProblem(null);
  }, [gates, stage]);

  const set = (i: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const save = () => {
    const parsed = gatesOf(rows);
    if (typeof parsed === 'string') return setProblem(parsed);
    setProblem(null);
    onSave(stage, parsed);
  };

  return (
    <details className="rollout-gate-editor" data-testid="gate-editor">
      <summary>Edit gates</summary>
      <label>
        Gates into{' '}
        <select
          value={stage}
          onChange={(e) => setStage(e.target.value as TargetStage)}
          aria-label="Step up into"
        >
          {TARGETS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <table className="rollout-gates" aria-label={`Edit the gates into ${stage}`}>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Comparison</th>
            <th scope="col">Threshold</th>
            <th scope="col">Min. cases to roll back</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
            <tr key={i}>
              <td>
                <select
                  value={r.metric}
                  aria-label={`Gate ${i + 1} metric`}
                  title={METRICS.find((m) => m.key === r.metric)?.hint}
                  onChange={(e) => set(i, { metric: e.target.value })}
                >
                  {METRICS.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.key.replace(/_/g, ' ')}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  value={r.op}
                  aria-label={`Gate ${i + 1} comparison`}
                  onChange={(e) => set(i, { op: e.target.value })}
                >
                  {OPS.map((op) => (
                    <option key={op} value={op}>
                      {op}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  inputMode="decimal"
                  size={6}
                  value={r.value}
                  aria-label={`Gate ${i + 1} threshold`}
                  onChange={(e) => set(i, { value: e.target.value })}
                />
              </td>
              <td>
                <input
                  inputMode="numeric"
                  size={5}
                  placeholder="20"
                  value={r.minSample}
                  aria-label={`Gate ${i + 1} minimum sample`}
                  onChange={(e) => set(i, { minSample: e.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      )}
      <div className="rollout-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            setRows((rs) => [...rs, { metric: 'precision', op: '>=', value: '', minSample: '' }])
          }
        >
          Add gate
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={save}>
          Save gates into {stage}
        </button>
      </div>
    </details>
  );
}

import type { GateResult } from './rollout-types.js';

const shown = (v: number | null) => (v === null ? '—' : Number(v.toFixed(3)).toString());

/** Up, down or level against the window before, and whether that moves towards the gate. */
function trend(g: GateResult): { mark: string; label: string } | null {
  if (g.previous === undefined || g.previous === null || g.current === null) return null;
  const diff = g.current - g.previous;
  if (Math.abs(diff) < 1e-9) return { mark: '→', label: `level with ${shown(g.previous)} the window before` };
  const better = g.op.startsWith('>') ? diff > 0 : diff < 0;
  return {
    mark: diff > 0 ? '↑' : '↓',
    label: `${better ? 'better' : 'worse'} than ${shown(g.previous)} the window before`,
  };
}

function Trend({ gate }: { gate: GateResult }) {
  const t = trend(gate);
  if (!t) return null;
  return (
    <span className="gate-trend" title={t.label}>
      {' '}
      <span aria-hidden="true">{t.mark}</span>
      <span className="visually-hidden">{t.label}</span>
    </span>
  );
}

/** Gates with their current values: what passes, what does not, and on how many cases. */
export function GateList({ gates, label }: { gates: GateResult[]; label: string }) {
  if (gates.length === 0) return <p className="muted">{label}: no gates — approval only.</p>;
  return (
    <table className="rollout-gates" aria-label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">Gate</th>
          <th scope="col">Now</th>
          <th scope="col">Cases</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g) => (
          <tr key={`${g.metric}${g.op}${g.value}`} className={g.pass ? 'gate-pass' : 'gate-fail'}>
            <td>
              {g.metric.replace(/_/g, ' ')} {g.op} {g.value}
            </td>
            <td>
              {shown(g.current)}
              <Trend gate={g} />
            </td>
            <td>{g.sample}</td>
            <td>{g.pass ? 'passes' : g.current === null ? 'no data yet' : 'fails'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

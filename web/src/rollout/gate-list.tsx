import type { GateResult } from './rollout-types.js';

const shown = (v: number | null) => (v === null ? '—' : Number(v.toFixed(3)).toString());

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
            <td>{shown(g.current)}</td>
            <td>{g.sample}</td>
            <td>{g.pass ? 'passes' : g.current === null ? 'no data yet' : 'fails'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

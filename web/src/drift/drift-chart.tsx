import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DriftAlert } from './drift-types.js';

// Recharts is large, so this file is its own chunk: the Drift page loads it lazily.

const ACCENT = '#4f46e5';
const MUTED = '#5f6878';
const BORDER = '#e1e4ea';
const WARN = '#b45309';

/** Where the alert fires, drawn as a dashed line: the baseline less (or plus) the threshold, or the PSI band. */
function alarmLine(alert: DriftAlert): number | null {
  const f = alert.figures;
  if (!f) return null;
  switch (alert.kind) {
    case 'confidence_drop':
      return f.baseline - f.threshold;
    case 'out_of_scope_rise':
      return f.baseline + f.threshold;
    case 'category_mix':
      return f.threshold;
    case 'new_cluster':
      return null;
  }
}

const day = (iso: string) => `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;

/** The alert's metric over the recent windows, oldest left, with the baseline and the alarm line. */
export default function DriftChart({ alert }: { alert: DriftAlert }) {
  const f = alert.figures;
  if (!f) return null;
  const data = f.series.map((p) => ({ window: day(p.windowStart), value: p.value, sample: p.sample }));
  const alarm = alarmLine(alert);
  return (
    <div className="drift-chart" data-testid="drift-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title={`${f.metric} per window`}
          desc={`${f.metric} for each of the last ${data.length} windows, the newest on the right; the dashed line is where the alert fires.`}
        >
          <CartesianGrid vertical={false} stroke={BORDER} />
          <XAxis dataKey="window" tick={{ fill: MUTED, fontSize: 11 }} stroke={BORDER} />
          <YAxis tick={{ fill: MUTED, fontSize: 11 }} stroke={BORDER} width={44} domain={['auto', 'auto']} />
          <Tooltip
            formatter={(value) => [String(value), f.metric]}
            labelFormatter={(label) => `Window from ${label}`}
          />
          {alert.kind !== 'category_mix' && (
            <ReferenceLine
              y={f.baseline}
              stroke={MUTED}
              strokeDasharray="2 4"
              label={{ value: 'baseline', fill: MUTED, fontSize: 11 }}
            />
          )}
          {alarm !== null && <ReferenceLine y={alarm} stroke={WARN} strokeDasharray="6 4" />}
          <Line
            isAnimationActive={false}
            type="linear"
            dataKey="value"
            name={f.metric}
            stroke={ACCENT}
            strokeWidth={2}
            connectNulls
            dot
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

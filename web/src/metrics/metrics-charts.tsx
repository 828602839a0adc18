import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Adoption, Quality, Value } from './metrics-types.js';

// Recharts is large, so the charts are their own chunk: the Metrics page loads them lazily.

const MUTED = '#5f6878';
const BORDER = '#e1e4ea';
const COLORS = {
  accepted: '#17663a',
  overridden: '#b42318',
  ignored: '#8a5300',
  pending: '#9aa3b2',
  live: '#4f46e5',
  baseline: '#5f6878',
};
const SERIES = ['#4f46e5', '#17663a', '#b45309', '#b42318', '#0e7490', '#7c3aed'];
const axis = { tick: { fill: MUTED, fontSize: 11 }, stroke: BORDER };
const period = (p: string) => p.slice(5);
const pct = (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : '–');
const round = (v: unknown) => (typeof v === 'number' ? v.toFixed(1) : '–');

/** Shown decisions per period, split by what people did with them. */
export function AdoptionChart({ adoption }: { adoption: Adoption }) {
  const data = adoption.points.map((p) => ({ ...p, period: period(p.period) }));
  return (
    <div className="metrics-chart" data-testid="adoption-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title="Suggestions shown per period"
          desc="Stacked: accepted, overridden, ignored and still pending, per period; the stack is what was shown."
        >
          <CartesianGrid vertical={false} stroke={BORDER} />
          <XAxis dataKey="period" {...axis} />
          <YAxis {...axis} width={48} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {(['accepted', 'overridden', 'ignored', 'pending'] as const).map((k) => (
            <Bar key={k} dataKey={k} stackId="shown" fill={COLORS[k]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A value figure per period (touches, minutes to the correct category, hops): live against baseline. */
export function ValueChart({
  value,
  metric,
}: {
  value: Value;
  metric: 'touchesPer100' | 'minutesToCorrect' | 'hopsPerTicket';
}) {
  const data = value.points.map((p) => ({
    period: period(p.period),
    live: p.live[metric],
    baseline: p.baseline[metric],
  }));
  const label = {
    touchesPer100: 'Human touches per 100 tickets',
    minutesToCorrect: 'Minutes to the correct category',
    hopsPerTicket: 'Re-assignment hops per assigned ticket',
  }[metric];
  return (
    <div className="metrics-chart" data-testid={`value-chart-${metric}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title={label}
          desc={`${label} per period: tickets the AI could act on (live) against the shadow and control baseline.`}
        >
          <CartesianGrid vertical={false} stroke={BORDER} />
          <XAxis dataKey="period" {...axis} />
          <YAxis {...axis} width={48} />
          <Tooltip formatter={(v) => round(v)} />
          <Legend />
          <Line
            dataKey="live"
            stroke={COLORS.live}
            strokeWidth={2}
            dot
            isAnimationActive={false}
            connectNulls
          />
          <Line
            dataKey="baseline"
            stroke={COLORS.baseline}
            strokeDasharray="5 4"
            strokeWidth={2}
            dot
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Precision of applied decisions per period for the most judged categories. */
export function PrecisionChart({ quality, top }: { quality: Quality; top: number }) {
  const shown = quality.categories.filter((c) => c.judged > 0).slice(0, top);
  const periods = shown[0]?.points.map((p) => p.period) ?? [];
  const data = periods.map((p, i) => ({
    period: period(p),
    ...Object.fromEntries(shown.map((c) => [c.name, c.points[i]?.precision ?? null])),
  }));
  return (
    <div className="metrics-chart" data-testid="precision-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title="Precision per category"
          desc="Share of applied decisions a person later confirmed, per period, for the most judged categories."
        >
          <CartesianGrid vertical={false} stroke={BORDER} />
          <XAxis dataKey="period" {...axis} />
          <YAxis {...axis} width={48} domain={[0, 1]} tickFormatter={pct} />
          <Tooltip formatter={(v) => pct(v)} />
          <Legend />
          {shown.map((c, i) => (
            <Line
              key={c.categoryId}
              dataKey={c.name}
              stroke={SERIES[i % SERIES.length]}
              strokeWidth={2}
              dot
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Reliability: accuracy against mean confidence per confidence tenth, with the diagonal. */
export function CalibrationChart({ quality }: { quality: Quality }) {
  const data = quality.calibration.bins
    .filter((b) => b.n > 0)
    .map((b) => ({ confidence: b.meanConfidence, accuracy: b.accuracy, ideal: b.meanConfidence, n: b.n }));
  return (
    <div className="metrics-chart" data-testid="calibration-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title="Calibration"
          desc="For each confidence tenth: the share people later confirmed against the mean confidence; the dashed diagonal is perfect calibration."
        >
          <CartesianGrid stroke={BORDER} />
          <XAxis dataKey="confidence" type="number" domain={[0, 1]} tickFormatter={pct} {...axis} />
          <YAxis type="number" domain={[0, 1]} tickFormatter={pct} {...axis} width={48} />
          <Tooltip formatter={(v, name) => (name === 'n' ? String(v) : pct(v))} />
          <Legend />
          <Line
            dataKey="ideal"
            name="perfect"
            stroke={MUTED}
            strokeDasharray="4 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line dataKey="accuracy" stroke={SERIES[0]} strokeWidth={2} dot={false} isAnimationActive={false} />
          <Scatter dataKey="accuracy" name="bins" fill={SERIES[0]} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

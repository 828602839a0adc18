import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { WeeklyLoad } from './staffing-types.js';

// Recharts is large, so this file is its own chunk: the Staffing page loads it lazily.

const ACCENT = '#4f46e5';
const MUTED = '#5f6878';
const BORDER = '#e1e4ea';
const OK = '#15803d';

/** Hours of exception work per week (bars) against the current people's focus hours (line). */
export default function StaffingChart({ weeks }: { weeks: WeeklyLoad[] }) {
  const data = weeks.map((w) => ({
    week: w.partial ? `${w.week} (so far)` : w.week,
    load: Math.round((w.loadMinutes / 60) * 10) / 10,
    capacity: Math.round((w.capacityMinutes / 60) * 10) / 10,
  }));
  return (
    <div className="staffing-chart" data-testid="staffing-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          title="Weekly exception load against capacity"
          desc="Hours of review work each week (bars) and the focus hours of the people staffing the exceptions now (line)."
        >
          <CartesianGrid vertical={false} stroke={BORDER} />
          <XAxis dataKey="week" tick={{ fill: MUTED, fontSize: 11 }} stroke={BORDER} />
          <YAxis tick={{ fill: MUTED, fontSize: 11 }} stroke={BORDER} width={44} unit=" h" />
          <Tooltip formatter={(value, name) => [`${value} h`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar isAnimationActive={false} dataKey="load" name="Exception load" fill={ACCENT} />
          <Line
            isAnimationActive={false}
            type="stepAfter"
            dataKey="capacity"
            name="Capacity now"
            stroke={OK}
            strokeWidth={2}
            dot={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

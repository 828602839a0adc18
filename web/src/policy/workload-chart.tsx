import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { decimal1, hoursText } from './policy-format.js';
import type { QueueForecast } from './policy-types.js';

// Recharts is large, so this file is its own chunk: the Policy page loads it lazily.

const ACCENT = '#4f46e5';
const MUTED = '#5f6878';
const BORDER = '#e1e4ea';

interface WorkloadChartProps {
  queues: readonly QueueForecast[];
}

/** Review items per day per queue as horizontal bars, person-hours in the labels and the tooltip. */
export default function WorkloadChart({ queues }: WorkloadChartProps) {
  const data = queues.map((q) => ({
    ...q,
    label: `${decimal1(q.itemsPerDay)} / day · ${hoursText(q.personHoursPerDay)}`,
  }));
  const height = 48 + 44 * data.length;
  return (
    <div className="forecast-chart" data-testid="forecast-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 8, right: 150, bottom: 8, left: 8 }}
          title="Review items per day per queue"
          desc="Horizontal bars: one per review queue, its length the forecast review items per day; the label gives person-hours per day."
        >
          <CartesianGrid horizontal={false} stroke={BORDER} />
          <XAxis type="number" allowDecimals tick={{ fill: MUTED, fontSize: 12 }} stroke={BORDER} />
          <YAxis
            type="category"
            dataKey="queueName"
            width={160}
            tick={{ fill: MUTED, fontSize: 12 }}
            stroke={BORDER}
          />
          <Tooltip cursor={{ fill: 'rgb(79 70 229 / 6%)' }} content={<ForecastTooltip />} />
          <Bar
            dataKey="itemsPerDay"
            name="Review items per day"
            fill={ACCENT}
            radius={[0, 4, 4, 0]}
            barSize={22}
          >
            <LabelList dataKey="label" position="right" fill={MUTED} fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

interface ForecastTooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}

function ForecastTooltip({ active, payload }: ForecastTooltipProps) {
  const queue = payload?.[0]?.payload as QueueForecast | undefined;
  if (!active || !queue) return null;
  return (
    <div className="forecast-tooltip">
      <strong>{queue.queueName}</strong>
      <span>{decimal1(queue.itemsPerDay)} review items a day</span>
      <span>{hoursText(queue.personHoursPerDay)} of a person's time a day</span>
      {queue.ownerName && <span className="muted">Owner: {queue.ownerName}</span>}
    </div>
  );
}

import { percent } from '../lib/format.js';

/** A percentage with a thin bar: quick to compare down a column. */
export function ConfidenceBar({ value }: { value: number }) {
  const width = `${Math.max(2, Math.round(value * 100))}%`;
  return (
    <span className="confbar" title={percent(value)}>
      <span className="confbar-fill" style={{ width }} />
    </span>
  );
}

export function confidenceTone(value: number | null): 'high' | 'mid' | 'low' {
  if (value == null) return 'low';
  if (value >= 0.8) return 'high';
  if (value >= 0.5) return 'mid';
  return 'low';
}

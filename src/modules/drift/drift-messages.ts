import type { Notification } from '../notifications/index.js';
import type { DriftFigures, Severity } from './drift-detectors.js';
import type { DriftOwnership } from './drift-owner.js';

// The sentences a drift alert is told with: its title and its webhook notification. Pure.

export type DriftKind = 'confidence_drop' | 'category_mix' | 'out_of_scope_rise' | 'new_cluster';

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export function driftTitle(
  kind: DriftKind,
  f: DriftFigures | null,
  extra: { categoryName?: string | null; clusterName?: string; clusterSize?: number } = {},
): string {
  switch (kind) {
    case 'confidence_drop':
      return `Confidence sliding down: mean ${percent(f?.current ?? 0)} vs ${percent(f?.baseline ?? 0)} before`;
    case 'category_mix':
      return `Category mix shifting (PSI ${(f?.current ?? 0).toFixed(2)})${extra.categoryName ? `, mostly ${extra.categoryName}` : ''}`;
    case 'out_of_scope_rise':
      return `More tickets out of scope: ${percent(f?.current ?? 0)} vs ${percent(f?.baseline ?? 0)} before`;
    case 'new_cluster':
      return `Candidate new category “${extra.clusterName ?? 'unnamed'}”: ${extra.clusterSize ?? 0} similar unmatched tickets`;
  }
}

export interface DriftNotice {
  alertId: string;
  kind: DriftKind;
  severity: Severity;
  title: string;
  figures: DriftFigures | null;
  ownership: DriftOwnership;
  examples: { subject: string }[];
  occurredAt: Date;
}

const utcMinute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The webhook notification of a new drift alert: keyed by the alert, so a repeated check notifies once. */
export function driftNotification(n: DriftNotice): Notification {
  const who = n.ownership.owner?.name ?? 'nobody';
  const fields = [
    { label: 'Owner', value: `${who} (${n.ownership.reason})` },
    { label: 'Severity', value: n.severity },
  ];
  const f = n.figures;
  if (f) {
    fields.push(
      { label: f.metric, value: `${f.current} now, ${f.baseline} baseline, threshold ${f.threshold}` },
      { label: 'Window', value: `${utcMinute(f.windowStart)} – ${utcMinute(f.windowEnd)} (${f.sample})` },
    );
  }
  if (n.examples.length > 0) {
    fields.push({ label: 'Examples', value: n.examples.map((e) => `• ${e.subject}`).join('\n') });
  }
  return {
    key: `drift:${n.alertId}:opened`,
    orderingKey: `drift:${n.alertId}`,
    title: `Drift: ${n.title}`,
    text: `${n.title}. ${who} owns this alert.`,
    fields,
    occurredAt: n.occurredAt,
  };
}

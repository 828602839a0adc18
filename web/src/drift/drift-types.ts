// What GET /api/v1/drift/alerts answers (see src/modules/drift/drift-routes.ts).

export type DriftKind = 'confidence_drop' | 'category_mix' | 'out_of_scope_rise' | 'new_cluster';

export interface DriftSeriesPoint {
  windowStart: string;
  value: number | null;
  sample: number;
}

export interface DriftFigures {
  metric: string;
  current: number;
  baseline: number;
  threshold: number;
  windowStart: string;
  windowEnd: string;
  sample: number;
  baselineSample: number;
  series: DriftSeriesPoint[];
  movers?: { categoryId: string; categoryName?: string; expectedShare: number; actualShare: number }[];
  suggestedName?: string;
  topTerms?: string[];
  cohesion?: number;
}

export interface DriftAlert {
  id: string;
  kind: DriftKind;
  key: string;
  severity: 'warning' | 'critical';
  status: 'open' | 'acknowledged' | 'resolved';
  title: string;
  figures: DriftFigures | null;
  examples: { ticketId: string; subject: string }[];
  members: number;
  category: { id: string; name: string } | null;
  owner: { id: string; name: string } | null;
  ownerReason: string;
  openedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
  resolutionNote: string | null;
  resolvedAutomatically: boolean;
  notNotifiedReason: string | null;
}

export interface DriftAlertList {
  items: DriftAlert[];
  counts: { open: number; acknowledged: number; resolved: number };
}

export interface DriftCheckResult {
  opened: number;
  updated: number;
  resolved: number;
}

export type ModelStatus = 'candidate' | 'challenger' | 'champion' | 'retired';

export interface GateCheck {
  metric: string;
  sample: number;
  champion: number | null;
  challenger: number | null;
  pass: boolean;
  reason: string;
}

export interface GateResult {
  verdict: 'pass' | 'fail' | 'insufficient_sample';
  pass: boolean;
  sample: number;
  checks: GateCheck[];
}

export interface Accuracy {
  sample: number;
  correct: number;
  accuracy: number | null;
}

export interface ModelScores {
  overall: Accuracy;
  perCategory: Record<string, Accuracy>;
}

export interface ModelMetrics {
  heldOutRows?: number;
  accuracy?: number | null;
  ece?: number | null;
  targetPrecision?: number;
  coverageAtTarget?: number | null;
}

export interface RegisteredModel {
  id: string;
  version: number;
  status: ModelStatus;
  statusReason: string | null;
  labelWatermark: number;
  trainingSummary: {
    exampleCount?: number;
    categoryCount?: number;
    trainSeconds?: number;
    data?: { labels: number; categories: number; perCategory: Record<string, number> };
  };
  metrics: ModelMetrics;
  gate: GateResult | null;
  createdByType: string;
  createdByName: string | null;
  createdAt: string;
  artifactBytes: number;
  previousChampionVersion: number | null;
  /** The champion only: corrections it learned online since its training ("vN+k online"). */
  onlineCorrections?: number | null;
}

export interface ModelDetail extends RegisteredModel {
  history: {
    seq: number;
    action: string;
    actorName: string;
    occurredAt: string;
    payload: Record<string, unknown>;
  }[];
  shadow: { champion: ModelScores; challenger: ModelScores; gate: GateResult } | null;
}

export interface TrainingRun {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  step: string;
  percent: number;
  trigger: string;
  modelVersion: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface PromotionPolicy {
  mode: 'auto' | 'approval';
  minSample: number;
  minCategorySample: number;
  categoryTolerance: number;
}

export const pct = (x: number | null | undefined) =>
  typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '—';

export const statusHelp: Record<ModelStatus, string> = {
  candidate: 'trained, not yet placed',
  challenger: 'predicting in shadow beside the champion; never acted on',
  champion: 'in production: its predictions decide tickets',
  retired: 'kept for rollback and audit',
};

// The rollout API's shapes, as the page reads them.

export type Stage = 'off' | 'shadow' | 'suggest' | 'auto';
export type TargetStage = Exclude<Stage, 'off'>;

export interface GateResult {
  metric: string;
  op: string;
  value: number;
  minSample?: number;
  current: number | null;
  sample: number;
  pass: boolean;
  /** The value over the window before (the trend). */
  previous?: number | null;
}

/** A gate as data, as the API stores it (PUT /api/v1/rollout/gates/:stage). */
export interface Gate {
  metric: string;
  op: string;
  value: number;
  minSample?: number;
}

export interface StepUp {
  id: string;
  cohortId: string;
  categoryId: string;
  fromStage: Stage;
  toStage: TargetStage;
  requestedBy: string | null;
  requestedByName: string;
  approvalsNeeded: number;
  approvals: { userId: string; name: string }[];
  status: 'pending' | 'applied' | 'cancelled';
}

export interface LadderCell {
  cohortId: string | null;
  categoryId: string;
  stage: Stage;
  nextStage: TargetStage | null;
  nextGates: GateResult[];
  stageGates: GateResult[];
  evaluatedAt: string | null;
  rolledBackReason: string | null;
  pendingStepUp: StepUp | null;
}

export interface Cohort {
  id: string;
  name: string;
  position: number;
  isControl: boolean;
  members: { id: string; name: string; email: string }[];
}

export interface Ladder {
  windowDays: number;
  autoApprovers: number;
  cohorts: Cohort[];
  categories: { id: string; name: string }[];
  gates: Record<TargetStage, Gate[]>;
  cells: LadderCell[];
}

export interface HistoryEntry {
  seq: number;
  action: string;
  actorName: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

import type { Gate, Stage } from '../rollout/index.js';
import type { DemoGroup } from './simulated-agents.js';

// The demo's rollout plan over eight weeks, as a real AI owner would run it: the pilot in shadow
// from the first week, suggesting from week 3 where its gates pass, applying automatically from
// week 5 for the categories whose gates pass; wave 2 joins in week 4, wave 3 in week 6; the control
// group never sees the AI. Each step is attempted every working day from its first day until the
// gates let it through, so weak categories stay behind on their own.

export type CohortGroup = Exclude<DemoGroup, 'lead'>;

export const COHORT_NAMES: Record<CohortGroup, string> = {
  pilot: 'Pilot',
  wave_2: 'Wave 2',
  wave_3: 'Wave 3',
  control: 'Control',
};

export interface PlannedJoin {
  group: CohortGroup;
  fromDay: number;
}

export interface PlannedStep {
  group: Exclude<CohortGroup, 'control'>;
  /** The stage the step leaves; cells in another stage are left alone. */
  from: Stage;
  fromDay: number;
}

export const PLANNED_JOINS: PlannedJoin[] = [
  { group: 'pilot', fromDay: 0 },
  { group: 'control', fromDay: 0 },
  { group: 'wave_2', fromDay: 21 },
  { group: 'wave_3', fromDay: 35 },
];

export const PLANNED_STEPS: PlannedStep[] = [
  { group: 'pilot', from: 'off', fromDay: 0 },
  { group: 'pilot', from: 'shadow', fromDay: 14 },
  { group: 'pilot', from: 'suggest', fromDay: 28 },
  { group: 'wave_2', from: 'off', fromDay: 21 },
  { group: 'wave_2', from: 'shadow', fromDay: 28 },
  { group: 'wave_2', from: 'suggest', fromDay: 42 },
  { group: 'wave_3', from: 'off', fromDay: 35 },
  { group: 'wave_3', from: 'shadow', fromDay: 42 },
];

/**
 * Once the last wave has joined, everyone works in a cohort: the owner lets tickets nobody is
 * assigned to (the API, an unrouted helpdesk view) be decided as before the rollout again.
 */
export const DEFAULT_STAGE_RESTORED = { fromDay: 35, stage: 'auto' } as const;

export const DEMO_TICKETS_PER_WEEKDAY = 70;

/**
 * Gates sized for a team of two dozen: the defaults ask for 200 decided tickets per cohort ×
 * category, which a five-person pilot gathers in months, not weeks. The sample sizes follow the
 * simulated volume (a smaller test run asks for proportionally fewer); quality bars stay high.
 */
export function demoGates(ticketsPerWeekday: number): { suggest: Gate[]; auto: Gate[] } {
  const decided = (n: number) => Math.max(3, Math.round((n * ticketsPerWeekday) / DEMO_TICKETS_PER_WEEKDAY));
  return {
    suggest: [
      { metric: 'decided_tickets', op: '>=', value: decided(15) },
      { metric: 'precision', op: '>=', value: 0.9, minSample: 10 },
      { metric: 'overdue_escalations', op: '<=', value: 0 },
    ],
    auto: [
      { metric: 'decided_tickets', op: '>=', value: decided(25) },
      { metric: 'precision', op: '>=', value: 0.9, minSample: 10 },
      { metric: 'acceptance', op: '>=', value: 0.8, minSample: 10 },
      { metric: 'override', op: '<=', value: 0.15, minSample: 10 },
      { metric: 'minutes_vs_baseline', op: '<=', value: 1, minSample: 10 },
      { metric: 'overdue_escalations', op: '<=', value: 0 },
    ],
  };
}

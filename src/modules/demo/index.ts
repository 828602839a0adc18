/** Demo data: a deterministic, labelled support-ticket history for "Acme Cloud". */
export { demoCategories } from './categories.js';
export { generateDemoHistory, generateLiveDemoTicket } from './generate-demo-history.js';
export type {
  DemoCategory,
  DemoChannel,
  DemoTicket,
  GenerateDemoHistoryOptions,
  LiveDemoTicket,
} from './types.js';
export { DEMO_SEED, type DemoDeps, feedLiveDemoTicket, seedDemoWorkspace } from './seed-demo-workspace.js';
export {
  type RolloutWeeksOptions,
  type RolloutWeeksResult,
  simulateRolloutWeeks,
} from './simulate-rollout-weeks.js';
export { workLiveDemoItems } from './live-demo-agents.js';

// Metrics: adoption (are people using the AI's output?), value (does it reduce work against the
// shadow and control baseline?) and quality in production (is it right where it acts?), read
// from daily rollups that a worker job keeps true. Definitions: metric-definitions.ts.
export {
  type Adoption,
  type AdoptionDimension,
  type AdoptionFigures,
  type AdoptionGroup,
  type AdoptionPoint,
  adoptionBy,
  adoptionOverTime,
} from './adoption-read-model.js';
export {
  ACTION_BUCKETS,
  ACTION_WINDOW_HOURS,
  type Arm,
  arms,
  BASELINE_ARMS,
  HUMAN_LABEL_KINDS,
  histogramMedian,
} from './metric-definitions.js';
export { metricRollupsJob } from './metric-rollups-job.js';
export {
  DEFAULT_RANGE_DAYS,
  type Granularity,
  granularities,
  MAX_RANGE_DAYS,
  type MetricsQuery,
  type MetricsQueryInput,
  metricsQuerySchema,
  resolveMetricsQuery,
} from './metrics-query.js';
export { metricsRoutes } from './metrics-routes.js';
export {
  type Calibration,
  type CalibrationBin,
  type CategoryQuality,
  type ConfusionPair,
  calibration,
  costlyConfusions,
  type PrecisionPoint,
  type Quality,
  qualityOverTime,
  TOP_CONFUSIONS,
} from './quality-read-model.js';
export {
  type MetricsDeps,
  type RollupRun,
  rebuildMetricRollups,
  refreshMetricRollups,
} from './refresh-rollups.js';
export {
  type ReviewLoad,
  reviewLoad,
  type Value,
  type ValueFigures,
  type ValuePoint,
  valueOverTime,
} from './value-read-model.js';

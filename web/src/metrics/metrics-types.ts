// The shapes of GET /api/v1/metrics/* are the metrics module's own types (type-only imports).
export type {
  Adoption,
  AdoptionFigures,
  AdoptionGroup,
  Granularity,
  Quality,
  Value,
  ValueFigures,
} from '../../../src/modules/metrics/index.js';

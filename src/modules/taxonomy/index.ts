export { applyTaxonomyChange, previewTaxonomyChange, type TaxonomyDeps } from './apply-taxonomy-change.js';
export { type CategoryLineage, type CategoryStatus, displayName } from './category-lineage.js';
export {
  type CategoryOverview,
  categoryOverview,
  listTaxonomyChanges,
  type TaxonomyStatus,
  taxonomyStatus,
} from './taxonomy-read-model.js';
export { taxonomyRoutes } from './taxonomy-routes.js';
export type {
  CategoryMap,
  CategoryTarget,
  ChangeEffect,
  ChangeKind,
  TaxonomyChange,
  TaxonomyChangeInput,
} from './taxonomy-types.js';

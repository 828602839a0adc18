export { categoriesRoutes, categorySchema } from './categories-routes.js';
export * from './categories-service.js';
export { type Autonomy, autonomies } from './autonomy.js';
export {
  type LiveTaxonomy,
  liveTaxonomy,
  type ProjectedCategory,
  projectRanked,
  taxonomyOf,
} from './category-aliases.js';

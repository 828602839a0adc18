export { categoriesRoutes, categorySchema } from './categories-routes.js';
export * from './categories-service.js';
export { type Autonomy, autonomies } from './autonomy.js';

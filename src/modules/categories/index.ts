export { categoriesRoutes, categorySchema } from './categories-routes.js';
export * from './categories-service.js';

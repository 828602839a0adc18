export * from './categories-service.js';
export { categoriesRoutes, categorySchema } from './categories-routes.js';

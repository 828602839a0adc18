export { accessRoutes } from './access-routes.js';
export * from './access-service.js';
export * from './permissions.js';
export type { Principal, RequestContext } from './principal.js';
export { hashPassword, verifyPassword } from './secrets.js';

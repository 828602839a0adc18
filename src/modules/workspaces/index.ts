export * from './workspaces-service.js';

export { buildApp } from './app.js';
export { serviceConfig } from './config.js';
export type { ServiceConfig } from './config.js';

export { buildApp } from './app.js';
export type { App, AppDeps } from './app.js';
export { serviceConfig } from './config.js';
export type { ServiceConfig } from './config.js';
export { createIncidentStore } from './store.js';
export type { IncidentStore, IncidentFilter, IncidentSummary, IncidentStats, CommandOutcome } from './store.js';
export type { RouteContext } from './routes/context.js';
export { SRE_ACTIONS } from './routes/incidents.js';

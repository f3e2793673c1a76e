export { buildApp } from './app.js';
export type { App, AppDeps } from './app.js';
export { serviceConfig } from './config.js';
export type { ServiceConfig } from './config.js';
export { createWebhookNotifier, notifierConfig, slackMessage } from './notifier.js';
export type { Notifier, NotifierConfig } from './notifier.js';

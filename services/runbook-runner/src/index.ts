export { buildApp } from './app.js';
export type { AppDeps, RunnerApp } from './app.js';
export { runnerConfig } from './config.js';
export type { RunnerConfig } from './config.js';
export { Runner, INTERRUPTED } from './runner.js';
export { executeCommand } from './command-executor.js';
export { executeHttp } from './http-executor.js';

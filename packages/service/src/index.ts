export { runService } from './run-service.js';
export type { Runnable, ProcessLike } from './run-service.js';

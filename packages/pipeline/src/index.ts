export { systemClock, ManualClock } from './clock.js';
export type { Clock } from './clock.js';
export { stageFn, sequence, rejected, isRejected } from './stage.js';
export type { Stage, StageContext, Rejected } from './stage.js';

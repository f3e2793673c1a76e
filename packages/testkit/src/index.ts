export { stackEnv, uniqueName } from './stack.js';
export type { StackEnv } from './stack.js';
export { startService, freePort, waitFor } from './process.js';
export type { ServiceProcess } from './process.js';

export type { Command } from './command.js';
export { parseFlags } from './command.js';

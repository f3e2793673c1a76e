export { stackEnv, uniqueName } from './stack.js';
export type { StackEnv } from './stack.js';
export { startService, freePort, waitFor } from './process.js';
export type { ServiceProcess } from './process.js';
export { createMemoryKafka } from './memory-kafka.js';
export type { MemoryKafka, MemoryKafkaOptions } from './memory-kafka.js';
export { eventsFor, readEvents } from './events.js';

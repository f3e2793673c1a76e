export { createLogger, REDACT_PATHS } from './logger.js';
export type { Logger, LoggerOptions } from './logger.js';
export { createRegistry, counter, gauge, histogram, Registry, Counter, Gauge, Histogram, LABEL_KEYS } from './metrics.js';
export type { LabelKey } from './metrics.js';
export { createTelemetry, silentTelemetry } from './telemetry.js';
export type { Telemetry } from './telemetry.js';

import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from './logger.js';
import { createRegistry } from './metrics.js';
import type { Registry } from 'prom-client';

export interface Telemetry {
  readonly service: string;
  readonly logger: Logger;
  readonly registry: Registry;
}

/** createTelemetry bundles the logger and registry a service injects into everything it builds. */
export function createTelemetry(opts: { service: string; level?: string; destination?: DestinationStream; defaultMetrics?: boolean }): Telemetry {
  return {
    service: opts.service,
    logger: createLogger(opts),
    registry: createRegistry(opts.service, { defaultMetrics: opts.defaultMetrics ?? true }),
  };
}

/** silentTelemetry is for tests: no output, a private registry without process metrics. */
export function silentTelemetry(service = 'test'): Telemetry {
  return createTelemetry({ service, level: 'silent', defaultMetrics: false });
}

import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '@aiops/telemetry';

/**
 * kafkajsLogCreator routes kafkajs logs into our pino logger. Retriable noise right after a broker
 * start ("The coordinator is loading") is expected and goes to debug; the rest keeps its level.
 */
export function kafkajsLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log as { message: string } & Record<string, unknown>;
      // We bound idempotent-producer retries on purpose (a send has a deadline; callers retry whole).
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const retriable = extra.retriable === true || /coordinator is (loading|not available)|leader|rebalanc/i.test(message);
      if (level === logLevel.ERROR && !retriable) child.error(extra, message);
      else if (level === logLevel.ERROR || level === logLevel.WARN) child.warn(extra, message);
      else if (level === logLevel.INFO) child.debug(extra, message);
      else child.trace(extra, message);
    };
}

import type { Logger } from '@aiops/telemetry';

/** Runnable is what a service's buildApp returns: start, and a stop that drains, flushes and commits. */
export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** ProcessLike is the slice of `process` runService uses (a fake in tests). */
export interface ProcessLike {
  on(signal: 'SIGTERM' | 'SIGINT', fn: () => void): unknown;
  exit(code: number): void;
}

/**
 * runService is the shell every main.ts ends with: start the app; on SIGTERM or SIGINT stop it once
 * (stop consuming, let in-flight batches finish and commit, close) and exit 0; exit 1 when start or
 * stop fails, so a supervisor restarts the process instead of leaving it half up.
 */
export function runService(app: Runnable, logger: Logger, proc: ProcessLike = process): Promise<void> {
  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    try {
      await app.stop();
      proc.exit(0);
    } catch (err) {
      logger.error({ err }, 'stop failed');
      proc.exit(1);
    }
  }
  proc.on('SIGTERM', () => void shutdown('SIGTERM'));
  proc.on('SIGINT', () => void shutdown('SIGINT'));
  return app.start().catch((err: unknown) => {
    logger.error({ err }, 'start failed');
    proc.exit(1);
  });
}

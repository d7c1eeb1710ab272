import type { Logger } from '../logging/logger';
import type { Readiness } from '../observability/readiness';
import { shutdownTracing } from '../observability/tracing';

export interface ShutdownOptions {
  timeoutMs: number;
  logger: Logger;
  readiness?: Readiness;
  signals?: NodeJS.Signals[];
}

/**
 * How a process stops (main.ts only; tests close their apps themselves): on SIGTERM or SIGINT it reports not ready
 * at once, then closes the app — which stops taking work, finishes what is in flight and drains its consumer — and
 * exits 0. If that takes longer than SHUTDOWN_TIMEOUT_MS it exits 1 anyway: what was not acknowledged is delivered
 * again elsewhere, and the inbox makes sure nothing is applied twice.
 */
export function stopOnSignals(app: { close(): Promise<void> }, opts: ShutdownOptions): void {
  const { timeoutMs, logger, readiness } = opts;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    readiness?.stopping();
    const started = Date.now();
    logger.info({ signal, timeoutMs }, 'stopping: taking no new work, finishing what is in flight');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took longer than SHUTDOWN_TIMEOUT_MS; exiting anyway');
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      async () => {
        await shutdownTracing();
        logger.info({ ms: Date.now() - started }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of opts.signals ?? (['SIGTERM', 'SIGINT'] as NodeJS.Signals[])) process.once(signal, stop);
}

import 'reflect-metadata';
import { createLogger, loadConfig, Readiness, runMain, stopOnSignals } from '@jlis/runtime';
import { createGateway } from './bootstrap';
import { GatewayConfig } from './gateway.config';

runMain('gateway', async () => {
  const config = loadConfig(GatewayConfig);
  const app = await createGateway(config);
  await app.listen(config.PORT, '0.0.0.0');
  // SIGTERM: not ready at once; the HTTP server stops accepting, answers what it holds, then NATS closes.
  stopOnSignals(app, {
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    logger: createLogger('gateway', config.LOG_LEVEL),
    readiness: app.get(Readiness),
  });
  process.stdout.write(`gateway: listening on http://127.0.0.1:${config.PORT} (docs at /api/docs)\n`);
});

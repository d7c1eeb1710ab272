import 'reflect-metadata';
import { loadConfig, runMain } from '@jlis/runtime';
import { createGateway } from './bootstrap';
import { GatewayConfig } from './gateway.config';

runMain('gateway', async () => {
  const config = loadConfig(GatewayConfig);
  const app = await createGateway(config);
  await app.listen(config.PORT, '0.0.0.0');
  process.stdout.write(`gateway: listening on http://127.0.0.1:${config.PORT} (docs at /api/docs)\n`);
});

import 'reflect-metadata';
import { runMain, startService } from '@jlis/runtime';
import { accessApp } from './access.app';

runMain('access', async () => {
  const { config, module } = accessApp();
  await startService('access', module, config, { exitOnSignals: true });
});

import 'reflect-metadata';
import { runMain, startService } from '@jlis/runtime';
import { intakeApp } from './intake.app';

runMain('intake', async () => {
  const { config, module } = intakeApp();
  await startService('intake', module, config, { exitOnSignals: true });
});

import 'reflect-metadata';
import { runMain, startService } from '@jlis/runtime';
import { documentsApp } from './documents.app';

runMain('documents', async () => {
  const { config, module } = documentsApp();
  await startService('documents', module, config, { exitOnSignals: true });
});

import 'reflect-metadata';
import { runMain, startService } from '@jlis/runtime';
import { cardsApp } from './cards.app';

runMain('cards', async () => {
  const { config, module } = cardsApp();
  await startService('cards', module, config, { exitOnSignals: true });
});

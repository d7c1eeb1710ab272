import 'reflect-metadata';
import { runMain, startService } from '@jlis/runtime';
import { notificationsApp } from './notifications.app';

runMain('notifications', async () => {
  const { config, module } = notificationsApp();
  await startService('notifications', module, config, { exitOnSignals: true });
});

import { loadConfig } from '@jlis/runtime';
import { NotificationsConfig } from './notifications.config';
import { NotificationsModule, NotificationsOptions } from './notifications.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function notificationsApp(env: NodeJS.ProcessEnv = process.env, options: NotificationsOptions = {}) {
  const config = loadConfig(NotificationsConfig, env);
  return { config, module: NotificationsModule.forRoot(config, options) };
}

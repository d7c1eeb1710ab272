import { loadConfig } from '@jlis/runtime';
import { AccessConfig } from './access.config';
import { AccessModule, AccessOptions } from './access.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function accessApp(env: NodeJS.ProcessEnv = process.env, options: AccessOptions = {}) {
  const config = loadConfig(AccessConfig, env);
  return { config, module: AccessModule.forRoot(config, options) };
}

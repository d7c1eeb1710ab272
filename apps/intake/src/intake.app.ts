import { loadConfig } from '@jlis/runtime';
import { IntakeConfig } from './intake.config';
import { IntakeModule, IntakeOptions } from './intake.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function intakeApp(env: NodeJS.ProcessEnv = process.env, options: IntakeOptions = {}) {
  const config = loadConfig(IntakeConfig, env);
  return { config, module: IntakeModule.forRoot(config, options) };
}

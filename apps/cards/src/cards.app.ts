import { loadConfig } from '@jlis/runtime';
import { CardsConfig } from './cards.config';
import { CardsModule, CardsOptions } from './cards.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function cardsApp(env: NodeJS.ProcessEnv = process.env, options: CardsOptions = {}) {
  const config = loadConfig(CardsConfig, env);
  return { config, module: CardsModule.forRoot(config, options) };
}

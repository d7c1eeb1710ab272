import { loadConfig, ServiceConfig } from '@jlis/runtime';
import { DocumentsModule, DocumentsOptions } from './documents.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function documentsApp(env: NodeJS.ProcessEnv = process.env, options: DocumentsOptions = {}) {
  const config = loadConfig(ServiceConfig, env);
  return { config, module: DocumentsModule.forRoot(config, options) };
}

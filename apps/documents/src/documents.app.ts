import { loadConfig } from '@jlis/runtime';
import { DocumentsConfig } from './documents.config';
import { DocumentsModule, DocumentsOptions } from './documents.module';

/** Config from the environment and the root module: what main.ts starts and what tests start in-process. */
export function documentsApp(env: NodeJS.ProcessEnv = process.env, options: DocumentsOptions = {}) {
  const config = loadConfig(DocumentsConfig, env);
  return { config, module: DocumentsModule.forRoot(config, options) };
}

import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Thrown at boot when the environment is wrong; its message is a list of sentences, one per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration error:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A config class may add checks that span several variables. */
export interface CrossChecked {
  crossCheck(): string[];
}

/**
 * The one config loader: environment variables → a validated config object. Properties are declared with
 * `@Expose()` and class-validator decorators; initialisers are the defaults. Empty strings count as unset.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const raw = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(cls, raw, { excludeExtraneousValues: true, exposeDefaultValues: true });
  const problems = validateSync(config).map((error) => {
    const given = raw[error.property];
    const got = given === undefined ? 'it is not set' : `got ${JSON.stringify(given)}`;
    // One sentence per variable: the first-declared check (class-validator lists constraints last-declared first).
    return `${Object.values(error.constraints ?? {}).at(-1)} (${got}).`;
  });
  if (problems.length === 0 && 'crossCheck' in config) problems.push(...(config as CrossChecked).crossCheck());
  if (problems.length) throw new ConfigError(problems);
  return config;
}

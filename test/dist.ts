import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

/** Path of a compiled service entry point; fails clearly when `npm run build` has not run (npm test builds first). */
export function distMain(service: string): string {
  const main = join(ROOT, 'dist', 'apps', service, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
  return main;
}

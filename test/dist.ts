import { existsSync } from 'node:fs';
import { ROOT, serviceMain, serviceNodeFlags } from '../scripts/lib/build';

export { ROOT };

/**
 * Path of a compiled service entry point (`apps/<service>/dist/main.js`); fails clearly when the service has not been
 * built (`npm test` and `npx nx test e2e` build every app first).
 */
export function distMain(service: string): string {
  const main = serviceMain(service);
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
  return main;
}

/** `node`'s arguments for a compiled service as the launchers start it: its V8 flags (production's), then distMain. */
export function distArgs(service: string): string[] {
  return [...serviceNodeFlags(service), distMain(service)];
}

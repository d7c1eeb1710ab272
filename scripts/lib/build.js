'use strict';
// Where the compiled services are and how they are built. Every app and library compiles into its own `dist/`
// (`tsc -b` through the Nx `build` target, cached), and libraries are loaded through their package's `main`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** The compiled entry point of a service: `apps/<service>/dist/main.js`. */
function serviceMain(service) {
  return path.join(ROOT, 'apps', service, 'dist', 'main.js');
}

/**
 * The V8 flags every service process is started with by the launchers here (`npm start`, the bench, the simulation,
 * the fault suite's processes), the same as production's NODE_OPTIONS (deploy/k8s/base/<service>.yaml): a young
 * generation of 8 MB semi-spaces instead of 16 (V8 grows them to 16 while a service starts and keeps them; 2 MB cost
 * a third more CPU per request, decision 289), and an old
 * generation capped as in production, which also makes V8 grow it by a factor of about 1.3 over what is live instead of
 * 4, so the heap a load grew is collected back (docs/benchmarks.md § Memory and the whole country, second pass).
 * SERVICE_NODE_FLAGS (space-separated) replaces them for every service, to measure another setting.
 */
const OLD_SPACE_MB = { documents: 576 };
function serviceNodeFlags(service) {
  if (process.env.SERVICE_NODE_FLAGS !== undefined) return process.env.SERVICE_NODE_FLAGS.split(' ').filter(Boolean);
  return ['--max-semi-space-size=8', `--max-old-space-size=${OLD_SPACE_MB[service] ?? 384}`];
}

/** The arguments of `node` that start a service: its V8 flags, then its entry point. */
function serviceArgs(service) {
  return [...serviceNodeFlags(service), serviceMain(service)];
}

/**
 * Builds every app and library through Nx: unchanged projects come from the cache, so a second start compiles
 * nothing. Throws when a project does not compile (tsc's errors are printed above).
 */
function buildAll() {
  const result = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '--outputStyle=static'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
  );
  if (result.status !== 0) throw new Error('The build failed; the compiler errors are above.');
}

module.exports = { ROOT, serviceMain, serviceNodeFlags, serviceArgs, buildAll };

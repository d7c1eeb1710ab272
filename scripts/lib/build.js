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

module.exports = { ROOT, serviceMain, buildAll };

'use strict';
// `npm test`: type-check and build (the multi-process tests start compiled services), lint, then every
// jest project — unit, integration and end-to-end. Integration tests create their own databases and
// nats-server processes, so the machine's servers only need to be reachable.
const { spawnSync } = require('node:child_process');
const { ROOT } = require('./lib/infra');

const steps = [
  ['type-check', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['build', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json']],
  // The module-boundary lint rule reads Nx's project graph; computing it first makes the rule run, not skip.
  ['project graph', ['node_modules/nx/dist/bin/nx.js', 'show', 'projects']],
  ['lint', ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings=0']],
  ['format', ['node_modules/prettier/bin/prettier.cjs', '--check', '.']],
  ['tests', ['node_modules/jest/bin/jest.js', '--ci', ...process.argv.slice(2)]],
];
const skip = new Set((process.env.SKIP_STEPS || '').split(',').filter(Boolean));
for (const [name, args] of steps) {
  if (skip.has(name)) continue;
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  console.log(
    `=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`,
  );
  if (r.status !== 0) process.exit(r.status || 1);
}

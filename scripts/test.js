'use strict';
// `npm test`: everything CI needs, on a clean clone as on a working copy. The format check (whole tree, quick), then
// through Nx every project's build, type-check, lint and tests: unit, integration, the end-to-end suites and the
// workspace's own proof of affected runs and caching (scripts/workspace.integration-spec.ts). Unchanged tasks are
// answered from Nx's local cache (.nx/cache; never Nx Cloud); CI's clean clone has none and runs them all.
// `npm test -- --skip-nx-cache` runs every task again. Integration tests create their own databases and nats-server
// processes, so the machine's servers only need to be reachable.
const { spawn, spawnSync } = require('node:child_process');
const { ROOT } = require('./lib/build');
const systemDeps = require('./lib/system-deps');

// SKIP_STEPS=lint,format skips steps: format, build, typecheck, lint, test (`tests` and `type-check` are accepted too).
const skip = new Set(
  (process.env.SKIP_STEPS || '')
    .split(',')
    .filter(Boolean)
    .map((s) => ({ 'type-check': 'typecheck', tests: 'test' })[s] || s),
);
const extra = process.argv.slice(2);
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = (args) => ['node_modules/nx/dist/bin/nx.js', ...args, '--outputStyle=static', ...extra];
const checks = ['typecheck', 'lint', 'test'].filter((t) => !skip.has(t));

const started = Date.now();
const seconds = (from) => `${((Date.now() - from) / 1000).toFixed(0)} s`;

function step(name, args) {
  if (skip.has(name)) return;
  const from = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${seconds(from)} ===`);
  if (r.status !== 0) process.exit(r.status || 1);
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  // Debian packages some tests run (Prometheus): installed as root on Debian, else a sentence naming them.
  systemDeps.ensure();
  step('format', ['node_modules/prettier/bin/prettier.cjs', '--check', '.']);
  // Every project built and every spec type-checked by one `tsc -b` over the root solution first: one process reads
  // the libraries' and node_modules' declarations once instead of once per project, and a type error stops the run
  // here. The Nx `build` and `typecheck` tasks below then find tsc's outputs up to date and only record them.
  step('build', ['node_modules/typescript/bin/tsc', '-b', 'tsconfig.json']);
  if (checks.length === 0) return;

  // The end-to-end suites are the longest task by far and Nx starts a task no other task waits for last, so they get
  // a lane of their own from the start while the other projects' checks share the second core.
  const from = Date.now();
  console.log(`\n=== ${checks.join(', ')} (end-to-end suites alongside the other projects) ===`);
  const codes = await Promise.all([
    run(nx(['run-many', '-t', ...checks, '-p', 'e2e', '--parallel=2'])),
    run(nx(['run-many', '-t', ...checks, '--exclude=e2e', '--parallel=2'])),
  ]);
  const ok = codes.every((c) => c === 0);
  console.log(`=== ${checks.join(', ')}: ${ok ? 'ok' : 'FAILED'} in ${seconds(from)} ===`);
  if (!ok) process.exit(1);
}

main().then(
  () => console.log(`\nnpm test: everything passed in ${seconds(started)}.`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

'use strict';
// Debian packages the tests need beside Node, Postgres and nats-server (which .ci/run starts). `npm test` and .ci/run
// check them first: when one is missing and this runs as root on Debian it is installed with apt-get; otherwise the
// run stops with one sentence naming the package. Nothing else is downloaded.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

/** Each package with the programs the tests run from it and why. */
const PACKAGES = [
  {
    name: 'prometheus',
    binaries: ['prometheus', 'promtool'],
    why: 'the metrics test scrapes the suite with a real Prometheus; promtool checks and unit-tests the alert rules',
  },
];

function onPath(binary) {
  return (process.env.PATH || '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, binary)));
}

/** The packages with a program missing from PATH. */
function missing() {
  return PACKAGES.filter((p) => p.binaries.some((b) => !onPath(b)));
}

function canInstall() {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && onPath('apt-get');
}

function aptGet(args) {
  return spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Installs what is missing (root on Debian), or throws naming it. */
function ensure() {
  const wanted = missing();
  if (wanted.length === 0) return;
  const names = wanted.map((p) => p.name);
  if (canInstall()) {
    console.log(`Installing Debian packages the tests need: ${names.join(' ')}`);
    // A fresh machine may have no package lists yet.
    if (aptGet(['install', '-y', '-qq', ...names]).status !== 0) {
      aptGet(['update', '-qq']);
      aptGet(['install', '-y', '-qq', ...names]);
    }
    if (missing().length === 0) return;
  }
  throw new Error(
    wanted.map((p) => `The tests need Debian's ${p.name} package (${p.why}): apt-get install ${p.name}.`).join('\n'),
  );
}

module.exports = { PACKAGES, missing, ensure };

if (require.main === module) {
  try {
    ensure();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

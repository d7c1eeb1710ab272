'use strict';
// The Debian packages the suite needs beyond Node, Postgres and NATS: one list, checked by `npm test`
// (scripts/test.js) and `.ci/run` alike, so a fresh machine still needs only `npm install` and `npm test`. Each entry
// names a file or a binary the package installs; what is missing is installed with apt-get when we can (root on
// Debian), else the run stops with one sentence naming the packages — never a test failing deep inside.
//
// To add a package: one line in SYSTEM_DEPS below.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { delimiter, join } = require('node:path');

/**
 * `{ package, file | binary, for, runtime? }`: the Debian package, what proves it is installed, who needs it, and
 * whether the services need it at run time (`npm start` checks those too; the Dockerfile installs them).
 */
const SYSTEM_DEPS = [
  {
    package: 'fonts-ipaexfont-gothic',
    file: '/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf',
    for: 'the approved A-11-2 PDF (access)',
    runtime: true,
  },
  { package: 'poppler-utils', binary: 'pdftotext', for: 'reading PDFs back in the tests' },
  // prometheus and promtool come together in Debian's package.
  {
    package: 'prometheus',
    binary: 'promtool',
    for: 'scraping the suite with a real Prometheus and checking the alert rules with promtool',
  },
  // The console's browser suite drives Debian's Chromium with playwright-core (no browser is downloaded).
  { package: 'chromium', file: '/usr/bin/chromium', for: "the console's browser tests (playwright-core)" },
];

function onPath(binary, env = process.env) {
  return (env.PATH || '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => existsSync(join(dir, binary)));
}

function present(dep) {
  return dep.file ? existsSync(dep.file) : onPath(dep.binary);
}

/** The entries whose file or binary is not on this machine. */
function missingDeps(deps = SYSTEM_DEPS) {
  return deps.filter((dep) => !present(dep));
}

function canApt() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/etc/debian_version');
}

function sentence(missing) {
  const names = missing.map((d) => d.package).join(' ');
  const why = missing.map((d) => `${d.package} for ${d.for}`).join(', ');
  return `Missing Debian packages (${why}): install them with \`sudo apt-get install -y ${names}\` and run again.`;
}

/**
 * Installs what is missing (apt-get update && apt-get install -y, as root on Debian) or throws one sentence naming
 * the packages. `log` hears what is being installed.
 */
function ensureSystemDeps({ deps = SYSTEM_DEPS, log = (line) => console.log(line) } = {}) {
  const missing = missingDeps(deps);
  if (missing.length === 0) return [];
  if (!canApt()) throw new Error(sentence(missing));
  const names = missing.map((d) => d.package);
  log(`Installing Debian packages the tests need: ${names.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'], env };
  const update = spawnSync('apt-get', ['update', '-qq'], quiet);
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], quiet)
      : update;
  const still = missingDeps(missing);
  if (install.status !== 0 || still.length) throw new Error(sentence(still.length ? still : missing));
  return names;
}

module.exports = { SYSTEM_DEPS, missingDeps, ensureSystemDeps };

if (require.main === module) {
  try {
    ensureSystemDeps();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

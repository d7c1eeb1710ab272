'use strict';
// `npm run mail-samples` renders every mail template for the sample case (apps/notifications/src/mail/samples) into
// docs/mail-samples/, one file per template: headers, subject and body as sent. Commit the result; the notifications
// spec mail-samples.spec.ts fails while a template and its sample differ, so a reviewer reads every letter as sent.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./lib/build');

const OUT = path.join(ROOT, 'docs', 'mail-samples');

function buildNotifications() {
  const result = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'run', 'notifications:build', '--outputStyle=static'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
  );
  if (result.status !== 0) throw new Error('The build failed; the compiler errors are above.');
}

function main() {
  buildNotifications();
  const { renderMailSamples } = require(
    path.join(ROOT, 'apps', 'notifications', 'dist', 'mail', 'samples', 'mail-samples.js'),
  );
  const samples = renderMailSamples();
  fs.mkdirSync(OUT, { recursive: true });
  const keep = new Set(samples.map((s) => s.file));
  for (const file of fs.readdirSync(OUT)) {
    if (file.endsWith('.txt') && !keep.has(file)) {
      fs.rmSync(path.join(OUT, file));
      console.log(`removed   docs/mail-samples/${file}`);
    }
  }
  let changed = 0;
  for (const s of samples) {
    const target = path.join(OUT, s.file);
    const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
    if (before === s.text) continue;
    fs.writeFileSync(target, s.text);
    changed++;
    console.log(`${before === null ? 'written' : 'updated'}   docs/mail-samples/${s.file}`);
  }
  console.log(`${samples.length} templates, ${changed} sample(s) changed in docs/mail-samples/.`);
}

try {
  main();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}

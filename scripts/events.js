'use strict';
// `npm run events`: writes the event catalogue (docs/events/) from libs/contracts/src/events/catalogue.ts — one JSON
// Schema per event type and version, the envelope and an index of producers and consumers. It refuses, writing
// nothing, when a payload changed in a way that breaks its consumers without its version being raised
// (scripts/lib/event-compat.js says what breaks). `--check` only reports what is stale or breaking.
const { problems, write } = require('./lib/event-catalogue');

if (process.argv.includes('--check')) {
  const found = problems();
  for (const p of found) console.error(p);
  process.exit(found.length === 0 ? 0 : 1);
}
const { written, refused } = write();
if (refused.length > 0) {
  for (const p of refused) console.error(p);
  console.error('The catalogue was not written.');
  process.exit(1);
}
console.log(written.length === 0 ? 'docs/events/ is up to date.' : `docs/events/: wrote ${written.join(', ')}`);

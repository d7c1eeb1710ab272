'use strict';
// Preloaded (`node -r`) into a service by bench/cards-allocation.js: counts the statements its `pg` clients send
// (a transaction's BEGIN and COMMIT included) and prints the running total on SIGUSR2, so that the bench can say how
// many statements one loan costs. Counting only; nothing about the queries changes. SIGHUP exits at once (a process
// run with --cpu-prof then writes its profile; Nest's SIGTERM hooks re-raise the signal, which writes none).
const pg = require('pg');

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  statements += 1;
  return query.apply(this, args);
};
process.on('SIGUSR2', () => process.stdout.write(`{"benchStatements":${statements}}\n`));
process.on('SIGHUP', () => process.exit(0));

'use strict';
// Preloaded (`node -r`) into every service by `BENCH_COUNT_QUERIES=1`: counts the statements the process sends to
// Postgres (each `pg` Client.query, BEGIN and COMMIT included: one round trip each) and writes the running total to
// `$BENCH_QUERY_DIR/<pid>.json` every 100 ms, so the bench can read how many a phase cost per case — a count that,
// unlike CPU time, does not move with the load of a shared machine.
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('pg');

let count = 0;
const query = Client.prototype.query;
Client.prototype.query = function countedQuery(...args) {
  count++;
  return query.apply(this, args);
};
const file = path.join(process.env.BENCH_QUERY_DIR || '.', `${process.pid}.json`);
let written = -1;
const write = () => {
  if (written === count) return;
  written = count;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ count }));
  fs.renameSync(`${file}.tmp`, file);
};
setInterval(write, 100).unref();
process.on('exit', write);

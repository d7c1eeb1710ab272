'use strict';
// `node scripts/credentials.js <dir>` (after the build): generates development credentials into <dir> unless they are
// there already — an nkey seed per NATS identity (<dir>/nats/<identity>.nk), the public keys for nats-server
// (<dir>/nats/server.env), and the gateway's caller-assertion key (<dir>/caller-assertion.pem, public key in
// caller-assertion.pub). docker-compose.yml runs it once into a volume; `npm start` keeps its own in .data/credentials.
// Never for production: there each secret comes from the secret store (docs/security.md).
const path = require('node:path');
const { devCredentials } = require('./lib/infra');

const dir = path.resolve(process.argv[2] || path.join(__dirname, '..', '.data', 'credentials'));
const { nats } = devCredentials(dir);
console.log(
  `development credentials in ${dir}: NATS identities ${Object.keys(nats.seeds).join(', ')}; caller-assertion key`,
);

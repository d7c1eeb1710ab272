'use strict';
// The raw baseline the layered path is compared with: plain Node `http` → `nats` request → `pg` query, no framework.
// Run as two processes like the real path (an HTTP front and a NATS responder):
//   node bench/baseline.js front <port> <natsUrl>      node bench/baseline.js responder <natsUrl> <databaseUrl>
const http = require('node:http');
const { connect, StringCodec } = require('nats');
const { Pool } = require('pg');

const sc = StringCodec();
const [role, a, b] = process.argv.slice(2);

async function front(port, natsUrl) {
  const nc = await connect({ servers: natsUrl });
  http
    .createServer(async (req, res) => {
      const id = req.url.split('/').pop();
      try {
        const msg = await nc.request('baseline.application.get', sc.encode(id), { timeout: 5000 });
        const body = sc.decode(msg.data);
        res.writeHead(body === 'null' ? 404 : 200, { 'content-type': 'application/json' }).end(body);
      } catch {
        res.writeHead(503).end();
      }
    })
    .listen(Number(port), '127.0.0.1', () => process.stdout.write('listening on baseline\n'));
}

async function responder(natsUrl, databaseUrl) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const nc = await connect({ servers: natsUrl });
  nc.subscribe('baseline.application.get', {
    queue: 'baseline',
    callback: (_err, msg) => {
      pool
        .query('SELECT * FROM intake.application WHERE id = $1', [sc.decode(msg.data)])
        .then((r) => msg.respond(sc.encode(JSON.stringify(r.rows[0] ?? null))))
        .catch(() => msg.respond(sc.encode('null')));
    },
  });
  await nc.flush();
  process.stdout.write('"msg":"ready"\n');
}

(role === 'front' ? front(a, b) : responder(a, b)).catch((e) => {
  console.error(e);
  process.exit(1);
});

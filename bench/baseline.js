'use strict';
// The raw baseline the layered path is compared with: plain Node `http` → `nats` request → `pg` query, no framework.
// Run as two processes like the real path (an HTTP front and a NATS responder):
//   node bench/baseline.js front <port> <natsUrl>      node bench/baseline.js responder <natsUrl> <databaseUrl>
// Routes of the front (each one NATS request, each answered by one pg round trip or one short transaction):
//   GET  /applications/<id>  → SELECT * FROM intake.application WHERE id = $1 (the table and row the real read path reads)
//   POST /applications       → BEGIN; INSERT a row; INSERT an outbox row; COMMIT (the shape of a command with its event)
//   POST /allocate           → BEGIN; take a free unit FOR UPDATE SKIP LOCKED; INSERT a loan; mark the unit; COMMIT
// The write and allocation tables live in a `baseline` schema of the same throwaway database.
// Both connect to NATS as the test-only `bench` identity (NATS_NKEY_SEED_FILE), like the services with theirs.
const http = require('node:http');
const path = require('node:path');
const { connect, StringCodec } = require('nats');
const { Pool } = require('pg');

const sc = StringCodec();
const [role, a, b] = process.argv.slice(2);

function natsOptions(natsUrl, name) {
  const rt = require('@jlis/runtime');
  const settings = { NODE_ENV: 'test', NATS_URL: natsUrl, NATS_NKEY_SEED_FILE: process.env.NATS_NKEY_SEED_FILE };
  return rt.natsConnectionOptions(settings, 'bench', name);
}

async function front(port, natsUrl) {
  const nc = await connect(natsOptions(natsUrl, 'baseline-front'));
  http
    .createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        let subject;
        let data;
        if (req.method === 'GET' && req.url.startsWith('/applications/')) {
          subject = 'baseline.application.get';
          data = req.url.split('/').pop();
        } else if (req.method === 'POST' && req.url === '/applications') {
          subject = 'baseline.application.create';
          data = Buffer.concat(chunks).toString('utf8');
        } else if (req.method === 'POST' && req.url === '/allocate') {
          subject = 'baseline.card.allocate';
          data = Buffer.concat(chunks).toString('utf8') || '{}';
        } else {
          res.writeHead(404).end();
          return;
        }
        try {
          const msg = await nc.request(subject, sc.encode(data), { timeout: 10000 });
          const body = sc.decode(msg.data);
          const status = body === 'null' ? 404 : req.method === 'POST' ? 201 : 200;
          res.writeHead(status, { 'content-type': 'application/json' }).end(body);
        } catch {
          res.writeHead(503).end();
        }
      });
    })
    .listen(Number(port), '127.0.0.1', () => process.stdout.write('listening on baseline\n'));
}

async function setup(pool) {
  await pool.query(`CREATE SCHEMA IF NOT EXISTS baseline`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS baseline.application (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  await pool.query(`CREATE TABLE IF NOT EXISTS baseline.outbox (id bigserial PRIMARY KEY, payload jsonb NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS baseline.unit (serial text PRIMARY KEY, loan_id uuid)`);
  await pool.query(`CREATE INDEX IF NOT EXISTS unit_free ON baseline.unit (serial) WHERE loan_id IS NULL`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS baseline.loan (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), at timestamptz NOT NULL DEFAULT now())`,
  );
  await pool.query(
    `INSERT INTO baseline.unit (serial) SELECT 'U-' || g FROM generate_series(1, 50000) g ON CONFLICT DO NOTHING`,
  );
}

async function transaction(pool, work) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function responder(natsUrl, databaseUrl) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await setup(pool);
  const nc = await connect(natsOptions(natsUrl, 'baseline-responder'));
  const handlers = {
    'baseline.application.get': (data) =>
      pool.query('SELECT * FROM intake.application WHERE id = $1', [data]).then((r) => r.rows[0] ?? null),
    'baseline.application.create': (data) =>
      transaction(pool, async (c) => {
        const { rows } = await c.query('INSERT INTO baseline.application (body) VALUES ($1) RETURNING *', [data]);
        await c.query('INSERT INTO baseline.outbox (payload) VALUES ($1)', [
          JSON.stringify({ type: 'baseline.created', id: rows[0].id }),
        ]);
        return rows[0];
      }),
    'baseline.card.allocate': () =>
      transaction(pool, async (c) => {
        const { rows } = await c.query(
          'SELECT serial FROM baseline.unit WHERE loan_id IS NULL LIMIT 1 FOR UPDATE SKIP LOCKED',
        );
        if (!rows[0]) return null;
        const loan = await c.query('INSERT INTO baseline.loan DEFAULT VALUES RETURNING id');
        await c.query('UPDATE baseline.unit SET loan_id = $1 WHERE serial = $2', [loan.rows[0].id, rows[0].serial]);
        return { loanId: loan.rows[0].id, serial: rows[0].serial };
      }),
  };
  for (const [subject, handle] of Object.entries(handlers)) {
    nc.subscribe(subject, {
      queue: 'baseline',
      callback: (_err, msg) => {
        handle(sc.decode(msg.data))
          .then((out) => msg.respond(sc.encode(JSON.stringify(out))))
          .catch(() => msg.respond(sc.encode('null')));
      },
    });
  }
  await nc.flush();
  process.stdout.write('"msg":"ready"\n');
}

if (require.main === module) {
  (role === 'front' ? front(a, b) : responder(a, b)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

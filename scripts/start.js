'use strict';
// `npm start`: builds, finds or starts Postgres and NATS, starts the six services, prints where the API is.
const { spawn } = require('node:child_process');
const path = require('node:path');
const {
  ROOT,
  credentialEnv,
  devCredentials,
  exitOnConfigError,
  provideInfrastructure,
  provisionDatabase,
  provisionNats,
  retentionSettings,
} = require('./lib/infra');
const { buildAll, serviceArgs } = require('./lib/build');
const { SYSTEM_DEPS, ensureSystemDeps } = require('./lib/system-deps');

const SERVICES = ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'];
const PORT = process.env.PORT || '3000';

async function main() {
  // What the services themselves need from Debian (the PDF font), installed when missing and possible.
  ensureSystemDeps({ deps: SYSTEM_DEPS.filter((d) => d.runtime) });
  console.log('Building (Nx: only what changed since the last build)…');
  buildAll();
  let retention;
  try {
    retention = retentionSettings();
  } catch (error) {
    exitOnConfigError('start', error);
  }
  const infra = await provideInfrastructure();
  const credentials = infra.credentials ?? devCredentials();
  const { nats } = credentials;
  console.log(`Postgres: ${infra.databaseUrl}\nNATS:     ${infra.natsUrl}`);
  console.log(
    `NATS identities: development seeds in ${path.relative(ROOT, nats.dir)} (generated once, never committed)`,
  );
  try {
    await provisionNats(infra.natsUrl, nats.seeds.provision, retention);
  } catch (error) {
    infra.stop();
    throw new Error(
      `Cannot provision NATS at ${infra.natsUrl} as the provisioning identity: ${error.message}\n` +
        `A server of your own must run with deploy/nats/nats-server.conf and the public keys in ${path.relative(ROOT, nats.dir)}/server.env.`,
    );
  }
  let databases;
  try {
    databases = await provisionDatabase(infra.databaseUrl);
  } catch (error) {
    infra.stop();
    throw new Error(`Cannot give each service its own Postgres role at ${infra.databaseUrl}: ${error.message}`);
  }
  console.log(
    `Postgres roles: ${databases.map((d) => new URL(d.url).username).join(', ')} (each owns its schema only)`,
  );
  const env = {
    ...process.env,
    NATS_URL: infra.natsUrl,
    PORT,
    MAIL_OUT_DIR: process.env.MAIL_OUT_DIR || path.join(ROOT, '.data', 'mail-out'),
    // Links in the mails point at this run's gateway.
    PORTAL_URL: process.env.PORTAL_URL || `http://127.0.0.1:${PORT}/`,
    // A local run accepts development tokens (`npm run -s token`); never implied anywhere else.
    AUTH_MODE: process.env.AUTH_MODE || 'development',
  };
  if (env.AUTH_MODE === 'development') {
    console.log(
      'AUTH_MODE=development: this local run accepts development tokens (HS256, `npm run -s token`). Never set it in production.',
    );
  }
  // Each process gets its own identity below; none inherits one from this shell.
  for (const name of [
    'NATS_NKEY_SEED',
    'CALLER_ASSERTION_PRIVATE_KEY',
    'CALLER_ASSERTION_PUBLIC_KEYS',
    'CALLER_ASSERTION_PUBLIC_KEYS_FILE',
  ])
    delete env[name];
  const children = [];
  let stopping = false;
  const stopAll = (code) => {
    if (stopping) return;
    stopping = true;
    children.forEach((c) => c.kill('SIGTERM'));
    setTimeout(() => {
      infra.stop();
      process.exit(code);
    }, 1500);
  };
  // On a terminal, outside production, log lines are pretty-printed (pino-pretty, a development dependency); the
  // processes themselves always write JSON, as they do in production. LOG_FORMAT=json keeps it raw.
  const readable = prettyPrinter(env);
  for (const service of SERVICES) {
    // Domain services first, so their migrations and consumers are in place when the gateway opens.
    // Each process connects to NATS with its own identity; the gateway signs callers, the services check them.
    const child = spawn(process.execPath, serviceArgs(service), {
      env: {
        ...env,
        ...credentialEnv(credentials, service),
        // A service connects as its own role; the admin connection stays here.
        ...(service === 'gateway' ? {} : { DATABASE_URL: databases.find((d) => d.schema === service).url }),
      },
      cwd: ROOT,
    });
    const prefix = `[${service}]`.padEnd(16);
    const pipe = (stream, out) =>
      stream.on('data', (d) =>
        d
          .toString()
          .split('\n')
          .filter(Boolean)
          .forEach((line) => out.write(`${prefix}${readable(line)}\n`)),
      );
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('exit', (code, signal) => {
      if (!stopping) {
        console.error(`${service} exited (${signal ?? code}); stopping the suite.`);
        stopAll(1);
      }
    });
    children.push(child);
  }
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  const base = `http://127.0.0.1:${PORT}`;
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.status === 200) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() - started > 60000) {
      console.error('The suite did not become ready within 60 s; see the logs above.');
      return stopAll(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log(`  API:      ${base}/api/v1`);
  console.log(`  API docs: ${base}/api/docs   (OpenAPI JSON: ${base}/api/docs-json)`);
  console.log(`  Health:   ${base}/health/ready`);
  console.log(`  Console:  ${base}/console/   (sign in as any role: AUTH_MODE=development)`);
  console.log('  Token:    npm run -s token -- --role operator');
  console.log('Ctrl-C stops everything.\n');
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});

/** One JSON log line → one readable line, when stdout is a terminal and pino-pretty is installed; else unchanged. */
function prettyPrinter(env) {
  if (!process.stdout.isTTY || env.NODE_ENV === 'production' || env.LOG_FORMAT === 'json') return (line) => line;
  let prettyFactory;
  try {
    ({ prettyFactory } = require('pino-pretty'));
  } catch {
    return (line) => line;
  }
  const pretty = prettyFactory({
    colorize: true,
    singleLine: true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname,service,name',
  });
  return (line) => (line.startsWith('{') ? pretty(line).trimEnd() : line);
}

'use strict';
// `npm run migrate`: provisions NATS (the EVENTS stream, the services' durable consumers, the files bucket) as the
// provisioning identity and Postgres (each service's role owning its schema) through the admin connection, then runs
// every service's pending migrations as that service's role, without starting the services (needs a build).
// The provisioning identity's seed: NATS_NKEY_SEED or NATS_NKEY_SEED_FILE, else the development one in .data/.
// The admin connection: DATABASE_URL. A service's connection: <SERVICE>_DATABASE_URL (its role and password), else
// the development role jlis_<service> without a password.
const fs = require('node:fs');
const path = require('node:path');
const {
  ROOT,
  devCredentials,
  exitOnConfigError,
  provideInfrastructure,
  provisionDatabase,
  provisionNats,
  retentionSettings,
} = require('./lib/infra');

async function main() {
  require('reflect-metadata');
  const { openDataSource, migrate } = require('@jlis/runtime');
  // Before touching anything: the stream's max_age must not outlive the services' inbox rows (exit 78 otherwise).
  let retention;
  try {
    retention = retentionSettings();
  } catch (error) {
    exitOnConfigError('migrate', error);
  }
  const infra = await provideInfrastructure();
  const seed =
    process.env.NATS_NKEY_SEED ||
    (process.env.NATS_NKEY_SEED_FILE && fs.readFileSync(process.env.NATS_NKEY_SEED_FILE, 'utf8').trim()) ||
    (infra.credentials ?? devCredentials()).nats.seeds.provision;
  await provisionNats(infra.natsUrl, seed, retention);
  console.log(
    `nats: EVENTS stream (max_age ${retention.EVENTS_MAX_AGE_HOURS ? `${retention.EVENTS_MAX_AGE_HOURS} h` : 'none'}, ${retention.NATS_STREAM_REPLICAS} replica(s)), durable consumers and files bucket provisioned`,
  );
  const databases = await provisionDatabase(infra.databaseUrl);
  console.log('postgres: one role per service, owning its schema');
  for (const { schema: service, url } of databases) {
    const schema = require(path.join(ROOT, 'apps', service, 'dist', `${service}.schema.js`));
    const upper = service.toUpperCase();
    const ds = await openDataSource(
      {
        schema: service,
        // As the service's own role: what the migrations make belongs to it.
        url,
        entities: schema[`${upper}_ENTITIES`],
        migrations: schema[`${upper}_MIGRATIONS`],
      },
      false,
    );
    const applied = await migrate(ds, service);
    console.log(`${service}: ${applied.length ? applied.join(', ') : 'up to date'}`);
    await ds.destroy();
  }
  infra.stop();
}

main().catch((error) => {
  console.error(error.message || error);
  process.exit(1);
});

'use strict';
// `npm run migrate`: runs every service's pending migrations without starting the services (needs a build).
const path = require('node:path');
const { ROOT, provideInfrastructure } = require('./lib/infra');

async function main() {
  require('reflect-metadata');
  const { openDataSource } = require(path.join(ROOT, 'dist/libs/runtime/src'));
  const infra = await provideInfrastructure();
  for (const service of ['intake', 'documents', 'cards', 'access', 'notifications']) {
    const schema = require(path.join(ROOT, `dist/apps/${service}/src/${service}.schema.js`));
    const upper = service.toUpperCase();
    const ds = await openDataSource(
      {
        schema: service,
        url: infra.databaseUrl,
        entities: schema[`${upper}_ENTITIES`],
        migrations: schema[`${upper}_MIGRATIONS`],
      },
      false,
    );
    const { migrate } = require(path.join(ROOT, 'dist/libs/runtime/src'));
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

'use strict';
// `npm run openapi`: writes the committed contract from the gateway's code — docs/openapi.json (paths and schemas
// sorted, so it changes only when the contract does). The gateway's tests fail while the committed file differs from
// what this writes (apps/gateway/src/openapi/openapi.document.spec.ts).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./lib/build');

const DOCUMENT = path.join(ROOT, 'docs', 'openapi.json');

function build() {
  const result = spawnSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'run', 'gateway:build', '--outputStyle=static'],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' } },
  );
  if (result.status !== 0) throw new Error('The gateway does not build; the compiler errors are above.');
}

async function main() {
  build();
  require('reflect-metadata');
  const { buildOpenApiDocument, openApiText } = require(path.join(ROOT, 'apps/gateway/dist/openapi/openapi.document'));
  const text = openApiText(await buildOpenApiDocument());
  fs.writeFileSync(DOCUMENT, text);
  console.log(`wrote ${path.relative(ROOT, DOCUMENT)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

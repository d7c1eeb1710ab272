// `nx build console`: the production bundle with Vite, then its size measured gzipped — the build fails above the
// budget of issue 15 (300 kB), so a dependency that would break it is noticed when it is added, not in production.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const BUDGET_BYTES = 300 * 1024;
const root = fileURLToPath(new URL('.', import.meta.url));
const dist = join(root, 'dist');

await build({ configFile: join(root, 'vite.config.mts'), logLevel: 'warn' });

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const measured = files(dist)
  .filter((path) => /\.(js|css|html)$/.test(path))
  .map((path) => {
    const bytes = readFileSync(path);
    return { file: path.slice(dist.length + 1), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
const gzip = measured.reduce((sum, f) => sum + f.gzip, 0);
writeFileSync(
  join(dist, 'bundle-size.json'),
  `${JSON.stringify({ gzip, budget: BUDGET_BYTES, files: measured }, null, 2)}\n`,
);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
for (const f of measured) console.log(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip)}`);
console.log(`console bundle: ${kb(gzip)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (gzip > BUDGET_BYTES) {
  console.error(`The console bundle is ${kb(gzip)} gzipped, above the budget of ${kb(BUDGET_BYTES)}.`);
  process.exit(1);
}

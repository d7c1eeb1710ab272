'use strict';
// The opening of each service's page (docs/<service>.md): what it owns, the subjects it answers, the events it
// publishes and consumes, and its settings — read from the code by `npm run events`, so the page a new team member
// reads first cannot drift from what the service does. Written between two markers right under the page's title; the
// rest of the page is prose and stays hand-written.
const fs = require('node:fs');
const path = require('node:path');

const SERVICES = ['gateway', 'intake', 'documents', 'cards', 'access', 'notifications'];
const START = '<!-- at-a-glance: written by `npm run events` from the code; edit the code, not these lines -->';
const END = '<!-- /at-a-glance -->';

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !['dist', 'node_modules'].includes(entry.name)) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/spec\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** `Namespace.member` → subject string, from the contracts' `export namespace X { export const subject = '…' }`. */
function subjectConstants(root) {
  const subjects = {};
  for (const file of sourceFiles(path.join(root, 'libs', 'contracts', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    const parts = text.split(/export namespace (\w+) \{/);
    for (let i = 1; i < parts.length; i += 2) {
      for (const m of parts[i + 1].matchAll(/export const (\w*[sS]ubject) = '([^']+)'/g)) {
        subjects[`${parts[i]}.${m[1]}`] = m[2];
      }
    }
  }
  return subjects;
}

function answered(root, service, subjects) {
  const found = new Set();
  for (const file of sourceFiles(path.join(root, 'apps', service, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/@MessagePattern\((\w+\.\w+)\)/g)) {
      if (subjects[m[1]]) found.add(subjects[m[1]]);
    }
  }
  return [...found].sort();
}

/** The service's own settings: the properties of its configuration class (`apps/<service>/src/<service>.config.ts`). */
function settings(root, service) {
  const file = path.join(root, 'apps', service, 'src', `${service}.config.ts`);
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/^ {2}([A-Z][A-Z0-9_]+)[?!]?\s*[:=]/gm)].map((m) => m[1]))].sort();
}

function owner(root, service) {
  const file = path.join(root, 'CODEOWNERS');
  if (!fs.existsSync(file)) return undefined;
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`/apps/${service}/`));
  return line?.split(/\s+/)[1];
}

function schemaOwned(root, service) {
  return fs.existsSync(path.join(root, 'apps', service, 'src', `${service}.schema.ts`));
}

function list(items, none = 'none') {
  return items.length === 0 ? none : items.join(', ');
}

/** The block for one service, from the catalogue's schemas (versions) and consumers. */
function glance(root, service, catalogue, consumersByType, subjects) {
  const published = Object.keys(catalogue.schemas)
    .filter((type) => type.startsWith(`${service}.`))
    .map((type) => `[\`${type}\`](events/${type}.v${catalogue.schemas[type].version}.json)`);
  const consumed = Object.entries(consumersByType)
    .filter(([, who]) => who.some((w) => w === service || w.startsWith(`${service} (`)))
    .map(([type]) => type);
  const roles = new Set(
    Object.values(consumersByType)
      .flat()
      .filter((w) => w.startsWith(`${service} (`))
      .flatMap((w) => w.slice(service.length + 2, -1).split(', ')),
  );
  const ownConsumed = consumed.filter((type) =>
    consumersByType[type].some((w) => w === service || (w.startsWith(`${service} (`) && w.includes('handlers'))),
  );
  const team = owner(root, service);
  const lines = [
    START,
    `- **Owns:** ${
      schemaOwned(root, service)
        ? `the Postgres schema \`${service}\` (its tables, outbox, inbox and dead letters; no other service reads it)`
        : 'no data of its own (the public HTTP API in front of the services)'
    }${team ? `; reviewed by ${team} (CODEOWNERS)` : ''}.`,
    `- **Answers (NATS request/reply):** ${list(
      answered(root, service, subjects).map((s) => `\`${s}\``),
      service === 'gateway' ? 'none — it asks the services; it answers HTTP (docs/openapi.json)' : 'none',
    )}${service === 'gateway' ? '' : '; and every service’s health, resync and dead-letter subjects (libs/runtime)'}.`,
    `- **Publishes:** ${list(published)}${published.length ? ' (schemas in docs/events/)' : ''}.`,
    `- **Consumes:** ${list(ownConsumed.map((t) => `\`${t}\``))}${
      roles.has('timeline') ? '; and every event, for the case timeline' : ''
    }${roles.has('webhooks') ? '; and every event portals may subscribe to, for webhooks' : ''}.`,
    `- **Settings:** ${list(
      settings(root, service).map((s) => `\`${s}\``),
      'only those of every service',
    )}; and every service’s (README.md § Configuration).`,
    END,
  ];
  return lines.join('\n');
}

/** docs/<service>.md as it should read: the block replaced, or inserted under the title when the page has none. */
function pages(root, catalogue, consumersByType) {
  const subjects = subjectConstants(root);
  const out = {};
  for (const service of SERVICES) {
    const file = path.join(root, 'docs', `${service}.md`);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# ${service}\n`;
    const block = glance(root, service, catalogue, consumersByType, subjects);
    let next;
    if (text.includes(START) && text.includes(END)) {
      next = text.slice(0, text.indexOf(START)) + block + text.slice(text.indexOf(END) + END.length);
    } else {
      const title = text.indexOf('\n');
      next = `${text.slice(0, title + 1)}\n${block}\n${text.slice(title + 1)}`;
    }
    out[`${service}.md`] = next;
  }
  return out;
}

module.exports = { pages, SERVICES };

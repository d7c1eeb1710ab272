'use strict';
// The committed event catalogue (docs/events/): one JSON Schema per event type and version, generated from the
// `EventPayloads` interface of libs/contracts/src/events/catalogue.ts, and an index naming each type's producer and
// consumers. `npm run events` writes it; test/catalogue.e2e-spec.ts fails while it is stale or when a change
// breaks a consumer of the committed version (scripts/lib/event-compat.js) without raising that version.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./build');
const { breakingChanges, canonical } = require('./event-compat');
const servicePages = require('./service-pages');
const rpcCatalogue = require('./rpc-catalogue');

// Every path hangs off `root`, so the spec can run the whole check on a scratch copy with a deliberately breaking change.
let root = ROOT;
const CATALOGUE_DIR = () => path.join(root, 'docs', 'events');
const SOURCE = () => path.join(root, 'libs', 'contracts', 'src', 'events', 'catalogue.ts');
const SERVICES = ['intake', 'documents', 'cards', 'access', 'notifications', 'gateway'];

function generator() {
  const { createGenerator } = require('ts-json-schema-generator');
  return createGenerator({
    path: SOURCE(),
    tsconfig: path.join(root, 'libs', 'contracts', 'tsconfig.lib.json'),
    expose: 'none',
    topRef: false,
    jsDoc: 'extended',
    skipTypeCheck: true,
    additionalProperties: true,
    sortProps: true,
  });
}

/** The current versions, read from the source (the catalogue's `EVENT_VERSIONS`), so no build is needed first. */
function currentVersions() {
  const text = fs.readFileSync(SOURCE(), 'utf8');
  const block = text.slice(text.indexOf('export const EVENT_VERSIONS'));
  const versions = {};
  for (const m of block.matchAll(/'([a-z0-9.-]+)': \{\s*version: (\d+)(,\s*upcast)?/g)) {
    versions[m[1]] = { version: Number(m[2]), upcast: Boolean(m[3]) };
  }
  return versions;
}

/** The type strings of each `XEvents.Key` constant, from libs/contracts' *.events.ts. */
function typeConstants() {
  const constants = {};
  for (const service of ['intake', 'documents', 'cards', 'access']) {
    const file = path.join(root, 'libs', 'contracts', 'src', service, `${service}.events.ts`);
    const text = fs.readFileSync(file, 'utf8');
    // Every `export const XEvents = { … } as const` of the file (intake has its reminders apart from its snapshots).
    for (const m of text.matchAll(/export const (\w+Events) = \{([\s\S]*?)\} as const/g)) {
      constants[m[1]] = Object.fromEntries([...m[2].matchAll(/^\s+(\w+): '([a-z0-9.-]+)'/gm)].map((e) => [e[1], e[2]]));
    }
  }
  return constants;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !['dist', 'node_modules', 'migrations'].includes(entry.name))
      out.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/spec\.ts$/.test(entry.name)) out.push(full);
  }
  return out;
}

/**
 * Who consumes each type, read from the code: the types a service's consuming files name (files registering
 * handlers with `consumer.on`, and the mail route table), `Object.values(XEvents)` meaning all of X; a consumer of every
 * event (intake's case timeline, `onAny`) and the webhook fan-out (WEBHOOK_EVENT_TYPES) are named with their role.
 */
function consumers(types) {
  const constants = typeConstants();
  const webhookTypes = webhookEventTypes(constants);
  // type → service → how it consumes: `handlers` (its own), `timeline` (every event), `webhooks` (fan-out).
  const byType = Object.fromEntries(types.map((t) => [t, {}]));
  const add = (type, service, role) => {
    if (!byType[type]) return;
    (byType[type][service] ??= new Set()).add(role);
  };
  for (const service of SERVICES) {
    for (const file of sourceFiles(path.join(root, 'apps', service, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (/consumer\.onAny\(/.test(text)) for (const t of types) add(t, service, 'timeline');
      if (/WEBHOOK_EVENT_TYPES/.test(text) && /consumer\.on/.test(text))
        for (const t of webhookTypes) add(t, service, 'webhooks');
      // The runtime's CaseProjection keeps every intake.application.* event's snapshot for the service that injects it.
      if (/@Inject\(CaseProjection\)|private readonly \w+: CaseProjection/.test(text))
        for (const t of Object.values(constants.IntakeEvents)) add(t, service, 'handlers');
      const consuming = /consumer\.on\b|consumer\.on</.test(text) || /eventType: \w+Events\./.test(text);
      if (!consuming) continue;
      for (const m of text.matchAll(/Object\.values\((\w+Events)\)/g))
        for (const t of Object.values(constants[m[1]] ?? {})) add(t, service, 'handlers');
      // `type: XEvents.Y` is an outbox publication, not a consumption.
      const consumed = text.replace(/^\s*type: \w+Events\.\w+,?$/gm, '');
      // A service's own events, which it writes in many ways, count only where it registers a handler for them.
      for (const line of consumed.split('\n')) {
        for (const m of line.matchAll(/\b(\w+Events)\.(\w+)\b/g)) {
          const t = constants[m[1]]?.[m[2]];
          if (!t || (t.startsWith(`${service}.`) && !/\.on(<[^>]*>)?\(/.test(line))) continue;
          add(t, service, 'handlers');
        }
      }
    }
  }
  return Object.fromEntries(
    Object.entries(byType).map(([t, services]) => [
      t,
      Object.keys(services)
        .sort()
        .map((service) => {
          const roles = [...services[service]].sort();
          return roles.length === 1 && roles[0] === 'handlers' ? service : `${service} (${roles.join(', ')})`;
        }),
    ]),
  );
}

function webhookEventTypes(constants) {
  const text = fs.readFileSync(
    path.join(root, 'libs', 'contracts', 'src', 'notifications', 'webhook.views.ts'),
    'utf8',
  );
  const block = text.slice(text.indexOf('export const WEBHOOK_EVENT_TYPES'));
  const body = block.slice(block.indexOf('= ['), block.indexOf('];'));
  const out = [];
  for (const m of body.matchAll(/Object\.values\((\w+Events)\)/g)) out.push(...Object.values(constants[m[1]] ?? {}));
  for (const m of body.matchAll(/\b(\w+Events)\.(\w+)\b/g))
    if (constants[m[1]]?.[m[2]]) out.push(constants[m[1]][m[2]]);
  return out;
}

function schemaFile(type, version) {
  return path.join(CATALOGUE_DIR(), `${type}.v${version}.json`);
}

function stable(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** What the catalogue should hold now: file name → text, plus the schemas per type for the compatibility check. */
function generate({ rpc = true } = {}) {
  const gen = generator();
  const payloads = gen.createSchema('EventPayloads');
  const envelope = gen.createSchema('AnyEventEnvelope');
  const versions = currentVersions();
  const types = Object.keys(payloads.properties).sort();
  const who = consumers(types);
  const files = {};
  const schemas = {};
  for (const type of types) {
    const { description, ...schema } = payloads.properties[type];
    const version = versions[type]?.version ?? 1;
    const producer = type.split('.')[0];
    schemas[type] = { version, schema, upcast: versions[type]?.upcast ?? false };
    files[path.basename(schemaFile(type, version))] = stable({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `urn:jlis:event:${type}:v${version}`,
      title: `${type} v${version}`,
      description,
      'x-event-type': type,
      'x-version': version,
      'x-subject': `evt.${type}`,
      'x-producer': producer,
      ...schema,
    });
  }
  files['envelope.json'] = stable({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:jlis:event:envelope',
    title: 'Event envelope',
    description:
      'Every event on the EVENTS stream (subject evt.<type>): `version` is the schema version of its type; the payload is described by docs/events/<type>.v<version>.json.',
    ...envelope,
  });
  files['README.md'] = index(types, schemas, payloads, who);
  return {
    files,
    schemas,
    pages: servicePages.pages(root, { schemas }, who),
    rpc: rpc ? rpcCatalogue.generate(root) : {},
  };
}

function index(types, schemas, payloads, who) {
  const rows = types.map((type) => {
    const { version } = schemas[type];
    const description = (payloads.properties[type].description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
    return `| \`${type}\` | ${version} | ${type.split('.')[0]} | ${who[type].join(', ') || '—'} | ${description} | [schema](${type}.v${version}.json) |`;
  });
  return [
    '# Event catalogue',
    '',
    'Generated by `npm run events` from `libs/contracts/src/events/catalogue.ts`: do not edit. Every event travels on',
    'the JetStream stream `EVENTS` as `evt.<type>` in the envelope of [envelope.json](envelope.json); its `version` names',
    'the payload schema below. Consumers are read from the code (the files that register handlers and the mail routes).',
    '',
    '**Changing an event.** Adding an optional field keeps the version. Removing, retyping or renaming a field, adding a',
    'required one, or changing a field’s set of values breaks a consumer: raise the type’s version in `EVENT_VERSIONS`',
    'and give an `upcast` from the previous version (consumers accept both; handlers see the current shape), then run',
    '`npm run events` — the previous version’s schema stays here. `test/catalogue.e2e-spec.ts` refuses a breaking',
    'change at the same version and a catalogue that differs from the code.',
    '',
    '| type | version | producer | consumers | what happened | payload |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function committed(name) {
  const file = path.join(CATALOGUE_DIR(), name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** A committed schema's payload part (metadata dropped), for comparison with a generated one. */
function payloadOf(text) {
  const { $schema, $id, title, description, ...rest } = JSON.parse(text);
  for (const key of Object.keys(rest)) if (key.startsWith('x-')) delete rest[key];
  return rest;
}

/**
 * Everything that is wrong with the committed catalogue against the code: breaking changes at an unchanged version
 * (the version must be raised), a raised version without an upcast or without the previous version's schema, and files
 * that differ from what `npm run events` writes.
 */
function problems(generated = generate()) {
  const found = [];
  for (const [type, { version, schema, upcast }] of Object.entries(generated.schemas)) {
    const text = committed(path.basename(schemaFile(type, version)));
    if (text !== undefined) {
      const breaking = breakingChanges(payloadOf(text), schema);
      if (breaking.length > 0) {
        found.push(
          `${type} v${version} changed in a way that breaks its consumers (${breaking.join('; ')}): raise its version in EVENT_VERSIONS with an upcast from v${version}, or make the change compatible (an optional field).`,
        );
      }
    }
    if (version > 1) {
      if (!upcast) found.push(`${type} is at v${version} without an upcast from v${version - 1} in EVENT_VERSIONS.`);
      if (committed(path.basename(schemaFile(type, version - 1))) === undefined)
        found.push(`${type}: the schema of v${version - 1} is missing from docs/events/ (consumers still accept it).`);
    }
  }
  for (const [name, text] of Object.entries(generated.files)) {
    const was = committed(name);
    if (was === undefined) found.push(`docs/events/${name} is missing: run \`npm run events\`.`);
    else if (name.endsWith('.json') ? !sameJson(was, text) : was !== text)
      found.push(`docs/events/${name} differs from the code: run \`npm run events\` and commit it.`);
  }
  for (const [name, text] of Object.entries(generated.rpc)) {
    const file = path.join(root, 'docs', 'rpc', name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text)
      found.push(`docs/rpc/${name} differs from the contracts: run \`npm run events\` and commit it.`);
  }
  for (const [name, text] of Object.entries(generated.pages)) {
    const file = path.join(root, 'docs', name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text)
      found.push(`docs/${name} does not open with what the code says: run \`npm run events\` and commit it.`);
  }
  return found;
}

function sameJson(a, b) {
  return (
    JSON.stringify(canonicalWithDescriptions(JSON.parse(a))) ===
    JSON.stringify(canonicalWithDescriptions(JSON.parse(b)))
  );
}

function canonicalWithDescriptions(value) {
  if (Array.isArray(value)) return value.map(canonicalWithDescriptions);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonicalWithDescriptions(value[k])]),
  );
}

/**
 * Writes the catalogue. Refuses, writing nothing, when a type changed in a way that breaks its consumers at the same
 * version: the committed schema is what consumers were built against and is never overwritten incompatibly.
 */
function write(options) {
  const generated = generate(options);
  const refused = problems(generated).filter((p) => !p.includes('npm run events'));
  if (refused.length > 0) return { written: [], refused };
  fs.mkdirSync(CATALOGUE_DIR(), { recursive: true });
  const written = [];
  for (const [name, text] of Object.entries(generated.files)) {
    if (committed(name) === text) continue;
    fs.writeFileSync(path.join(CATALOGUE_DIR(), name), text);
    written.push(name);
  }
  fs.mkdirSync(path.join(root, 'docs', 'rpc'), { recursive: true });
  for (const [name, text] of Object.entries(generated.rpc)) {
    const file = path.join(root, 'docs', 'rpc', name);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.writeFileSync(file, text);
    written.push(`../rpc/${name}`);
  }
  for (const [name, text] of Object.entries(generated.pages)) {
    const file = path.join(root, 'docs', name);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.writeFileSync(file, text);
    written.push(`../${name}`);
  }
  return { written, refused: [] };
}

/** Runs `fn` with every path taken from another checkout (a scratch copy in the spec). */
function inRoot(dir, fn) {
  const was = root;
  root = dir;
  try {
    return fn();
  } finally {
    root = was;
  }
}

module.exports = { generate, problems, write, inRoot, breakingChanges, canonical, consumers };

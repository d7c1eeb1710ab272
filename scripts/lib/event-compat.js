'use strict';
// What makes a change to an event's payload schema break a consumer. Events are read both ways across a version's
// life: a consumer built on the old schema reads events of the new producer (during a rolling deployment), and a
// consumer built on the new schema reads old events still in the stream (replays, resyncs, a new consumer). So a change
// is compatible only when both can read both: adding an optional field. Everything else that changes what a field may
// hold breaks someone:
// - a field removed, or made optional (an old consumer relies on it);
// - a field added as required, or an optional one made required (old events lack it);
// - a field's type changed, widened or narrowed (null included: `string` → `string | null` reaches a consumer
//   that never expected null);
// - a field's set of values changed (a new value reaches an old consumer's switch; a removed one is still in old events).
// Descriptions (comments) never matter.

const IGNORED = new Set(['description', '$comment', 'title', 'examples', 'default']);

function typesOf(schema) {
  if (schema.type === undefined) return undefined;
  return [].concat(schema.type).sort().join('|');
}

function canonical(schema) {
  if (Array.isArray(schema)) return schema.map(canonical);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const key of Object.keys(schema).sort()) if (!IGNORED.has(key)) out[key] = canonical(schema[key]);
  return out;
}

function same(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * The breaking differences between two JSON Schemas of one event payload, as sentences naming the field
 * (`payload.application.status: values changed …`); empty when the new schema is compatible with the old one.
 */
function breakingChanges(before, after, at = 'payload') {
  const problems = [];
  if (typesOf(before) !== typesOf(after)) {
    problems.push(`${at}: type changed from ${typesOf(before) ?? 'any'} to ${typesOf(after) ?? 'any'}`);
    return problems;
  }
  if (before.enum || after.enum || before.const !== undefined || after.const !== undefined) {
    const values = (s) => JSON.stringify((s.enum ?? (s.const !== undefined ? [s.const] : [])).slice().sort());
    if (values(before) !== values(after)) {
      problems.push(`${at}: values changed from ${values(before)} to ${values(after)}`);
    }
  }
  if (before.properties || after.properties) {
    const was = before.properties ?? {};
    const is = after.properties ?? {};
    const wasRequired = new Set(before.required ?? []);
    const isRequired = new Set(after.required ?? []);
    for (const name of Object.keys(was)) {
      if (!(name in is)) {
        problems.push(`${at}.${name}: removed`);
        continue;
      }
      if (wasRequired.has(name) && !isRequired.has(name)) problems.push(`${at}.${name}: no longer required`);
      if (!wasRequired.has(name) && isRequired.has(name)) problems.push(`${at}.${name}: now required`);
      problems.push(...breakingChanges(was[name], is[name], `${at}.${name}`));
    }
    for (const name of Object.keys(is)) {
      if (!(name in was) && isRequired.has(name)) problems.push(`${at}.${name}: added as required`);
    }
  }
  if (before.items || after.items) {
    if (!before.items || !after.items) problems.push(`${at}[]: item schema added or removed`);
    else problems.push(...breakingChanges(before.items, after.items, `${at}[]`));
  }
  // Unions, references and anything else: compared whole, since a member's change can break either side.
  for (const key of ['anyOf', 'oneOf', 'allOf', '$ref', 'additionalProperties', 'format', 'pattern']) {
    if ((before[key] !== undefined || after[key] !== undefined) && !same(before[key] ?? null, after[key] ?? null)) {
      problems.push(`${at}: ${key} changed`);
    }
  }
  return problems;
}

module.exports = { breakingChanges, canonical };

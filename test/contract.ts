import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The committed OpenAPI document as a checker of answers: every answer the end-to-end suites receive through
 * `TestSuite.http` must be documented for its route (status and media type) and its body must match the schema.
 * Object schemas of the document are closed here (no member the document does not name), so an answer that carries
 * more than the contract — a field the document forgot, or an internal one — fails too. `Problem` stays open: its
 * extension members are part of RFC 9457.
 */
const DOCUMENT = path.join(__dirname, '../docs/openapi.json');

type Json = Record<string, unknown>;

interface Route {
  template: string;
  pattern: RegExp;
  literalLength: number;
}

export interface ContractViolation {
  route: string;
  status: number;
  contentType: string;
  problem: string;
}

export class Contract {
  private readonly document: Json;
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(file = DOCUMENT) {
    const original = JSON.parse(readFileSync(file, 'utf8')) as Json;
    this.document = closed(forAjv(original) as Json);
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(this.document, 'openapi.json');
    this.routes = Object.keys(this.document.paths as Json)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`),
        literalLength: template.replace(/\{\w+\}/g, '').length,
      }))
      // /cards/stock before /cards/{serial}.
      .sort((a, b) => b.literalLength - a.literalLength);
  }

  /** The route template of a path, or undefined for a path the document does not have (docs, unknown routes). */
  route(method: string, url: string): string | undefined {
    const pathname = url.split('?')[0];
    const paths = this.document.paths as Record<string, Json>;
    return this.routes.find((r) => r.pattern.test(pathname) && paths[r.template][method.toLowerCase()])?.template;
  }

  /** What is wrong with an answer, or undefined when the document describes it. */
  check(
    method: string,
    url: string,
    status: number,
    contentType: string,
    body: unknown,
  ): ContractViolation | undefined {
    const template = this.route(method, url);
    if (!template) return undefined;
    const route = `${method.toUpperCase()} ${template}`;
    const type = contentType.split(';')[0].trim().toLowerCase();
    const violation = (problem: string) => ({ route, status, contentType: type, problem });
    const operation = (this.document.paths as Record<string, Record<string, Json>>)[template][method.toLowerCase()];
    const responses = operation.responses as Record<string, Json>;
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : undefined;
    if (!key) return violation(`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
    const response = this.resolve(responses[key]);
    const content = (response.content ?? {}) as Record<string, Json>;
    if (!content[type]) {
      return violation(
        `media type ${type || '(none)'} is not documented (documented: ${Object.keys(content).join(', ') || 'none'})`,
      );
    }
    if (!type.includes('json')) return undefined;
    const pointer = this.pointer(template, method, key, responses[key], type);
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(`openapi.json#${pointer}`);
      if (!validate) return violation(`no schema at ${pointer}`);
      this.validators.set(pointer, validate);
    }
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? [])
      .slice(0, 20)
      .map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    return violation(`body does not match the schema: ${errors.join('; ')}`);
  }

  private resolve(response: Json): Json {
    const ref = response.$ref as string | undefined;
    if (!ref) return response;
    return (this.document.components as Record<string, Record<string, Json>>).responses[ref.split('/').pop()!];
  }

  /** JSON pointer of the schema of one answer, through a shared response where the operation refers to one. */
  private pointer(template: string, method: string, status: string, response: Json, type: string): string {
    const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    const ref = response.$ref as string | undefined;
    const base = ref ? ref.slice(1) : `/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}`;
    return `${base}/content/${escape(type)}/schema`;
  }
}

/**
 * OpenAPI 3.0's `nullable` means "this or null", also beside `allOf`/`$ref` (how a nullable nested object is written)
 * and beside `format` (which Ajv would apply to null too): each becomes `anyOf: [null, the schema]`.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (!node || typeof node !== 'object') return node;
  const copy: Json = Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, forAjv(v)]));
  if (copy.nullable === true) {
    const { nullable: _, ...rest } = copy;
    if (rest.type && (rest.allOf || rest.$ref)) delete rest.type;
    return { anyOf: [{ type: 'null' }, rest] };
  }
  return copy;
}

/** Closes every named object schema that does not say otherwise (see the class comment). */
function closed(document: Json): Json {
  const schemas = (document.components as Record<string, Record<string, Json>>).schemas;
  for (const schema of Object.values(schemas)) {
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
    for (const property of Object.values((schema.properties ?? {}) as Record<string, Json>)) {
      const items = (property.items ?? property) as Json;
      if (items.type === 'object' && items.properties && items.additionalProperties === undefined) {
        items.additionalProperties = false;
      }
    }
  }
  return document;
}

let shared: Contract | undefined;

/**
 * Checks an answer against the committed document and throws naming the route, status and what is wrong. With
 * CONTRACT_REPORT=<file> it appends the violation to that file instead (one JSON line each), to survey a whole run.
 */
export function expectDocumented(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): void {
  shared ??= new Contract();
  const violation = shared.check(method, url, status, contentType, body);
  if (!violation) return;
  if (process.env.CONTRACT_REPORT) {
    appendFileSync(process.env.CONTRACT_REPORT, `${JSON.stringify({ ...violation, url, body })}\n`);
    return;
  }
  throw new Error(
    `${violation.route} answered ${status} ${violation.contentType}, which docs/openapi.json does not allow: ` +
      `${violation.problem}. Fix the document (the gateway's decorators, then \`npm run openapi\`) or the code.`,
  );
}

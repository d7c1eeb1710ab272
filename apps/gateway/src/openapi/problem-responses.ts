import { ErrorStatus } from '@jlis/contracts';
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CODES_EXTENSION } from './api-problems.decorator';
import { PUBLIC_EXTENSION } from '../auth/auth.decorators';

/** The body of every error answer (RFC 9457), as errors/problem.filter.ts writes it. */
export const PROBLEM_SCHEMAS = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: { type: 'string', description: 'The failing field, dotted for nested ones (`contact.email`).' },
      message: { type: 'string' },
    },
  },
  Problem: {
    type: 'object',
    description:
      'application/problem+json (RFC 9457). `code` is stable: branch on it. Other members (e.g. `retryAfterSeconds`, ' +
      'the serials concerned) are extensions of that code.',
    required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
    properties: {
      type: { type: 'string', example: 'urn:jlis:problem:validation-failed' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', example: 400 },
      detail: { type: 'string', description: 'What is wrong and what to do (Japanese, then English after " / ").' },
      code: { type: 'string', example: 'VALIDATION_FAILED' },
      instance: { type: 'string', description: 'The path asked.' },
      requestId: { type: 'string', description: 'The x-request-id of the request, as in the logs.' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
    },
    additionalProperties: true,
  },
} as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Responses = Record<string, ResponseObject | ReferenceObject>;

const isParameter = (p: ParameterObject | ReferenceObject): p is ParameterObject => 'in' in p;

/**
 * Codes any route of this shape can answer, whatever its rules: rate limits and the bus always; authentication for
 * routes that need a token, and a refusal of the role or the object; validation where it takes input; a missing object
 * where its path names one; a body too large or of the wrong type where it takes one; a reused Idempotency-Key.
 */
export function commonProblemCodes(operation: OperationObject, isPublic: boolean): string[] {
  const parameters = (operation.parameters ?? []).filter(isParameter);
  const codes = ['RATE_LIMITED', 'INTERNAL', 'SERVICE_UNAVAILABLE', 'SERVICE_TIMEOUT'];
  if (!isPublic) codes.push('UNAUTHENTICATED', 'FORBIDDEN');
  if (parameters.length || operation.requestBody) codes.push('VALIDATION_FAILED', 'BAD_REQUEST');
  // A route on an object: it may not exist for the caller, and the contractor a case names is refused what its NDA
  // does not cover yet (R4).
  if (parameters.some((p) => p.in === 'path')) codes.push('NOT_FOUND');
  if (!isPublic && parameters.some((p) => p.in === 'path')) codes.push('CONTRACTOR_NDA_REQUIRED');
  // Every write can meet a unique constraint another request filled a moment before (409, never 500).
  if (operation.requestBody) codes.push('PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'ALREADY_EXISTS');
  // A read at a minVersion the services have not reached within their wait.
  if (parameters.some((p) => p.in === 'query' && p.name === 'minVersion')) codes.push('PRECONDITION_NOT_YET_KNOWN');
  if (parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    codes.push('IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_KEY_OTHER_REQUEST');
  }
  return codes;
}

/**
 * Gives every operation its problem responses: per status, application/problem+json with the shared Problem schema
 * narrowed to the codes of that status the route can answer (its own from @ApiProblems and the common ones), and
 * public routes an empty security requirement. The working extensions are removed.
 */
export function withProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components };
  document.components.schemas = { ...document.components.schemas, ...structuredClone(PROBLEM_SCHEMAS) } as never;
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      const own = (operation[PROBLEM_CODES_EXTENSION] as string[] | undefined) ?? [];
      delete operation[PROBLEM_CODES_EXTENSION];
      delete operation[PUBLIC_EXTENSION];
      if (isPublic) operation.security = [];
      const byStatus = new Map<number, Set<string>>();
      for (const code of [...commonProblemCodes(operation, isPublic), ...own]) {
        const status = (ErrorStatus as Record<string, number>)[code];
        if (status === undefined) throw new Error(`@ApiProblems: unknown error code ${code}`);
        byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
      }
      for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
        operation.responses[String(status)] = problemResponse(status, [...codes].sort());
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response && 'description' in response && !response.description)
          response.description = STATUS_CODES[Number(status)]!;
      }
    }
  }
  return sharingResponses(document);
}

function problemResponse(status: number, codes: string[]): ResponseObject {
  return {
    description: `${STATUS_CODES[status]}: ${codes.join(', ')}`,
    content: {
      'application/problem+json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Problem' },
            { type: 'object', properties: { code: { type: 'string', enum: codes } } },
          ],
        },
      },
    },
  };
}

const pascal = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/**
 * A problem response that several operations give alike (the common ones above, mostly) becomes one entry of
 * components.responses, named after its codes (`Unauthenticated`, `BadRequestOrValidationFailed`), so the document
 * stays readable and a generated client has one type for it.
 */
function sharingResponses(document: OpenAPIObject): OpenAPIObject {
  const uses = new Map<string, number>();
  const each = (visit: (responses: Responses, status: string) => void) => {
    for (const item of Object.values(document.paths)) {
      for (const method of METHODS) {
        const responses = item[method]?.responses;
        if (responses) for (const status of Object.keys(responses)) visit(responses as Responses, status);
      }
    }
  };
  const codesOf = (response: ResponseObject | ReferenceObject): string[] | undefined => {
    const schema = 'content' in response ? response.content?.['application/problem+json']?.schema : undefined;
    const narrowed = schema && 'allOf' in schema ? schema.allOf?.[1] : undefined;
    const code = narrowed && 'properties' in narrowed ? narrowed.properties?.code : undefined;
    return code && 'enum' in code ? (code.enum as string[]) : undefined;
  };
  each((responses, status) => {
    const codes = codesOf(responses[status]);
    if (codes) uses.set(`${status} ${codes.join(',')}`, (uses.get(`${status} ${codes.join(',')}`) ?? 0) + 1);
  });
  const shared: Record<string, ResponseObject> = {};
  each((responses, status) => {
    const codes = codesOf(responses[status]);
    if (!codes || (uses.get(`${status} ${codes.join(',')}`) ?? 0) < 2) return;
    const name = codes.map(pascal).join('Or');
    shared[name] = responses[status] as ResponseObject;
    responses[status] = { $ref: `#/components/responses/${name}` };
  });
  document.components = { ...document.components, responses: { ...document.components?.responses, ...shared } };
  return document;
}

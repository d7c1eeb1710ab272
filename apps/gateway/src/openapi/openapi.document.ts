import { INestApplication, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PUBLIC_EXTENSION } from '../auth/auth.decorators';
import { LOGGER, NATS_CONNECTION, RpcClient } from '@jlis/runtime';
import { ADMIN_PROVIDERS } from '../admin/admin.routes';
import { DOCUMENTS_PROVIDERS } from '../documents/documents.routes';
import { GatewayConfig } from '../gateway.config';
import { GATEWAY_CONTROLLERS } from '../gateway.module';
import { withProblemResponses } from './problem-responses';

/** The prefix of every route but the health checks (api.md). */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/ready'] });
}

/**
 * The OpenAPI document of the gateway's routes: served at /api/docs-json and committed as docs/openapi.json
 * (`npm run openapi`). Paths and schemas are sorted so that the file changes only when the contract does.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('J-LIS 署名検証者等失効情報提供手続 API')
      .setDescription(
        'The portal contract: cases (A-1 … A-13), documents, test IC cards, access. Errors are application/problem+json.',
      )
      .setVersion('1')
      .addServer('/', 'The gateway that serves this document (/api/docs-json)')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  return sorted(withProblemResponses(withConsistencyTokens(withBodiesPerMediaType(withPathParameters(document)))));
}

/**
 * Read-your-writes (api.md § Consistency tokens): every authenticated read takes `minVersion`, and every command's
 * success answer carries the `Consistency-Token` header.
 */
function withConsistencyTokens(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    headers: {
      ...document.components?.headers,
      ConsistencyToken: {
        description:
          "Where this command's events are in the suite's event stream: pass it as `minVersion` to a read to see them " +
          '(api.md § Consistency tokens). Opaque digits; a later token is a larger number.',
        schema: { type: 'string', pattern: '^[0-9]+$', example: '4711' },
      },
    },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      if (!operation) continue;
      if (method !== 'get') {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!/^2/.test(status) || !response || !('description' in response)) continue;
          response.headers = {
            ...response.headers,
            'Consistency-Token': { $ref: '#/components/headers/ConsistencyToken' },
          };
        }
        continue;
      }
      if (operation[PUBLIC_EXTENSION] === true) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        {
          name: 'minVersion',
          in: 'query',
          required: false,
          description:
            'A consistency token (the `Consistency-Token` header of an earlier command): the answer reflects at ' +
            'least everything up to it, waiting a few seconds if need be; 409 PRECONDITION_NOT_YET_KNOWN with ' +
            'Retry-After if not reached by then.',
          schema: { type: 'integer', minimum: 0, maximum: 999_999_999_999_999 },
        },
      ];
    }
  }
  return document;
}

/**
 * Routes that take JSON or multipart (a question, the agreement) declare one `oneOf` of both shapes, which Nest puts
 * under each media type; each media type gets its own shape instead: multipart the one with a binary `file`.
 */
function withBodiesPerMediaType(document: OpenAPIObject): OpenAPIObject {
  const hasFile = (schema: SchemaObject | ReferenceObject) =>
    'properties' in schema &&
    Object.values(schema.properties ?? {}).some((p) => 'format' in p && p.format === 'binary');
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      const body = operation?.requestBody;
      if (!body || !('content' in body)) continue;
      for (const [type, media] of Object.entries(body.content)) {
        const oneOf = media.schema && 'oneOf' in media.schema ? media.schema.oneOf : undefined;
        if (!oneOf) continue;
        const fits = oneOf.filter((s) => hasFile(s) === (type === 'multipart/form-data'));
        if (fits.length === 1) media.schema = fits[0];
      }
    }
  }
  return document;
}

/**
 * Declares every parameter of a path that a route reads through a guard rather than @Param (case routes of the
 * documents controllers take the case from @CurrentCase): a path must declare each of its template's names.
 */
function withPathParameters(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const declared = new Set((operation.parameters ?? []).map((p) => ('in' in p && p.in === 'path' ? p.name : '')));
      const missing = names.filter((name) => !declared.has(name));
      operation.parameters = [
        ...missing.map((name) => ({
          name,
          in: 'path' as const,
          required: true,
          schema: name === 'id' ? { type: 'string' as const, format: 'uuid' } : { type: 'string' as const },
        })),
        ...(operation.parameters ?? []),
      ];
    }
  }
  return document;
}

/**
 * The document without a running suite: the gateway's controllers in a Nest app in preview mode, which reads their
 * metadata without creating providers, so neither NATS nor keys are needed (scripts/openapi.js, the drift test).
 * Two classes documented under one name would silently document the wrong body for a route, so that is an error.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  // Preview mode still checks that every dependency has a provider: stand-ins, never created.
  const tokens = [NATS_CONNECTION, LOGGER, RpcClient, GatewayConfig, ...DOCUMENTS_PROVIDERS, ...ADMIN_PROVIDERS];
  @Module({
    controllers: GATEWAY_CONTROLLERS as never[],
    providers: tokens.map((provide) => ({ provide, useValue: {} })),
  })
  class OpenApiModule {}
  const duplicates: string[] = [];
  const warn = Logger.warn;
  Logger.warn = ((message: unknown, ...rest: unknown[]) => {
    if (String(message).includes('Duplicate DTO')) duplicates.push(String(message));
    else warn.call(Logger, message, ...(rest as []));
  }) as typeof Logger.warn;
  try {
    const app = await NestFactory.create(OpenApiModule, new FastifyAdapter(), {
      preview: true,
      logger: false,
      abortOnError: false,
    });
    setApiPrefix(app);
    const document = openApiDocument(app);
    await app.close();
    if (duplicates.length) throw new Error(duplicates.join('\n'));
    return document;
  } finally {
    Logger.warn = warn;
  }
}

function sorted(document: OpenAPIObject): OpenAPIObject {
  const byKey = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  document.paths = byKey(document.paths);
  if (document.components?.schemas) document.components.schemas = byKey(document.components.schemas);
  if (document.components?.responses) document.components.responses = byKey(document.components.responses);
  if (document.tags) document.tags = [...document.tags].sort((a, b) => a.name.localeCompare(b.name));
  return document;
}

/** The committed document's text: two-space JSON with a final newline. */
export function openApiText(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

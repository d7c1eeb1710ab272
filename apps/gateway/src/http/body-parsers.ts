import { DomainError } from '@jlis/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * The bodies the gateway reads, and nothing else: JSON (`application/json`, `application/*+json`; UTF-8, at most
 * JSON_BODY_LIMIT_BYTES, `__proto__` and `constructor.prototype` keys refused) and multipart uploads, which are left
 * unread here and streamed by the upload routes themselves. Any other type is answered 415 by Fastify. Parser errors
 * are domain errors, so they leave as problems naming the body (see ProblemFilter).
 */
export function registerBodyParsers(fastify: FastifyInstance, jsonLimitBytes: number): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  const json = (
    request: FastifyRequest,
    body: string | Buffer,
    done: (error: Error | null, body?: unknown) => void,
  ) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      return done(new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as UTF-8 JSON.'));
    }
    // An empty body with a JSON type is no body, as it was with Express' parser (the route's DTO then names what
    // is missing), rather than a bare "body cannot be empty".
    if (body.length === 0) return done(null, undefined);
    void parseJson(request, body as string /* parseAs: 'string' */, (error, value) =>
      error
        ? done(
            DomainError.validation([
              { field: 'body', message: 'must be valid JSON (without __proto__ or constructor.prototype keys)' },
            ]),
          )
        : done(null, value),
    );
  };
  const options = { parseAs: 'string', bodyLimit: jsonLimitBytes } as const;
  fastify.addContentTypeParser('application/json', options, json);
  fastify.addContentTypeParser(/^application\/[\w.+-]+\+json$/i, options, json);
  // Streamed by the route (documents/multipart-upload.ts), so that a file is never buffered whole and an oversized
  // one is cut off; with no upload route the body is simply never read.
  fastify.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
}

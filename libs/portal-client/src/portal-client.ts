import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi';

/** The body of every error answer (application/problem+json, RFC 9457); `code` is the stable thing to branch on. */
export type Problem = components['schemas']['Problem'];

/** The typed client: `GET`, `POST`, … on the paths of docs/openapi.json, with their parameters, bodies and answers. */
export type PortalClient = Client<paths, 'application/json'>;

export interface PortalClientOptions {
  /** The gateway, e.g. `https://onboarding.j-lis.example` (paths start with /api/v1). */
  baseUrl: string;
  /** A bearer token, or a function giving the current one (asked before every request, so it may refresh it). */
  token?: string | (() => string | Promise<string>);
  /** Another fetch (tests, proxies, instrumentation). */
  fetch?: (request: Request) => Promise<Response>;
}

/** A problem answer as an Error: `status`, `code` and the whole `problem`, typed with the codes its route can give. */
export class PortalProblem<P extends Problem = Problem> extends Error {
  constructor(
    readonly status: number,
    readonly problem: P,
  ) {
    super(`${status} ${problem.code}: ${problem.detail}`);
    this.name = 'PortalProblem';
  }

  get code(): P['code'] {
    return this.problem.code;
  }
}

export function createPortalClient(options: PortalClientOptions): PortalClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const { token } = options;
  if (token !== undefined) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        request.headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).code === 'string' &&
  typeof (value as Problem).status === 'number';

/**
 * The body of a 2xx answer, or a thrown `PortalProblem` typed with the problems that route documents:
 * `const view = await ok(portal.GET('/api/v1/applications/{id}', { params: { path: { id } } }))`.
 * An answer that is not problem+json (a proxy's error page) becomes a problem with code `UNEXPECTED_ANSWER`.
 */
export async function ok<D, E>(answer: Promise<{ data?: D; error?: E; response: Response }>): Promise<D> {
  const { data, error, response } = await answer;
  if (response.ok) return data!;
  if (isProblem(error)) throw new PortalProblem(response.status, error);
  throw new PortalProblem(response.status, {
    type: 'about:blank',
    title: response.statusText,
    status: response.status,
    detail: typeof error === 'string' ? error.slice(0, 200) : 'The answer was not application/problem+json.',
    code: 'UNEXPECTED_ANSWER',
    requestId: response.headers.get('x-request-id') ?? '',
  });
}

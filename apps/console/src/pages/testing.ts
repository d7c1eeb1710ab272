import { vi } from 'vitest';

/** One answer of the fake suite: a JSON body (or a problem) for a method and a path pattern. */
export interface Route {
  method: string;
  path: RegExp;
  status?: number;
  body: unknown;
}

/**
 * A fetch that answers by method and path, like the gateway would, and records every request with its JSON body:
 * the component tests' only fake (unit level; the browser suite runs against the real suite).
 */
export function fakeSuite(routes: Route[]) {
  const sent: { method: string; path: string; body?: unknown }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    sent.push({ method: request.method, path: url.pathname, body: text ? (JSON.parse(text) as unknown) : undefined });
    const route = routes.find((r) => r.method === request.method && r.path.test(url.pathname));
    if (!route) return new Response('{}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
    const status = route.status ?? 200;
    return new Response(JSON.stringify(route.body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}

export const problem = (
  status: number,
  code: string,
  detail: string,
  errors: { field: string; message: string }[] = [],
) => ({
  type: `urn:jlis:problem:${code.toLowerCase()}`,
  title: 'Refused',
  status,
  code,
  detail,
  requestId: 'r-1',
  errors,
});

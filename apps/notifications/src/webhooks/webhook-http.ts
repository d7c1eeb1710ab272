import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { forbiddenAddress, ForbiddenAddressError, guardedLookup, hostOf } from './webhook-address';

/** What one try got: the receiver's status, or why no answer came. */
export interface TryResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * POSTs one delivery. Without `allowPrivate` the address is checked where the socket connects: a literal address
 * before connecting, a name by the lookup the socket uses (`guardedLookup`), so a name that resolves to a private
 * address today is refused today, whatever it resolved to at subscription. Redirects are not followed (a 3xx is a
 * failed try) — a redirect could point anywhere.
 */
export function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<TryResult> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): TryResult => ({
    statusCode,
    error,
    durationMs: Date.now() - started,
  });
  const url = new URL(rawUrl);
  const host = hostOf(url);
  if (!options.allowPrivate && isIP(host)) {
    const why = forbiddenAddress(host);
    if (why) return Promise.resolve(done(null, `refused: ${host} is ${why}`));
  }
  return new Promise<TryResult>((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup: options.allowPrivate ? undefined : guardedLookup,
        timeout: options.timeoutMs,
        // One connection per try: a pooled socket would skip the address check of the next one.
        agent: false,
      },
      (res) => {
        // Only the status counts; the body is read (and dropped) so the socket closes cleanly.
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          resolve(done(status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        });
        res.on('error', (error) => (clearTimeout(timer), resolve(done(status(res.statusCode), describe(error)))));
      },
    );
    // The socket timeout covers idle sockets; this covers a receiver that trickles its answer.
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve(done(null, describe(error)));
    });
    req.end(body);
  });
}

function status(code: number | undefined): number | null {
  return code ?? null;
}

function describe(error: Error): string {
  if (error instanceof ForbiddenAddressError) return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException).code;
  return (code && !error.message.includes(code) ? `${code} ${error.message}` : error.message).slice(0, 500);
}

import { createPortalClient, ok, PortalProblem, type PortalClient } from '@jlis/portal-client';
import { session } from './auth/session';

export { ok, PortalProblem };

/** The typed client of the portal contract, with the signed-in person's token. */
export function portal(transport?: (request: Request) => Promise<Response>): PortalClient {
  return createPortalClient({
    baseUrl: window.location.origin,
    token: () => session.get()?.token ?? '',
    ...(transport ? { fetch: transport } : {}),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a call again while the suite answers PRECONDITION_NOT_YET_KNOWN: a service has not yet heard of what another
 * just did (the case qualified a moment ago), and the problem itself says to try again shortly. A person should not
 * have to press the button twice for that; anything else is thrown at once.
 */
export async function settled<T>(call: () => Promise<T>, tries = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const retry = error instanceof PortalProblem && error.code === 'PRECONDITION_NOT_YET_KNOWN' && attempt < tries;
      if (!retry) throw error;
      await sleep(250 * attempt);
    }
  }
}

/**
 * A multipart upload through the typed client with upload progress: fetch cannot report it, so this transport sends
 * the request the client built with XMLHttpRequest and reports the bytes sent.
 */
export function uploadTransport(onProgress: (fraction: number) => void): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await request.arrayBuffer();
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.responseType = 'arraybuffer';
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        onProgress(1);
        resolve(new Response(xhr.response as ArrayBuffer, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = () => reject(new TypeError('ネットワークに接続できませんでした。'));
      xhr.send(body);
    });
  };
}

/** Hands a file fetched with the token to the browser as a download (a plain link would carry no token). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

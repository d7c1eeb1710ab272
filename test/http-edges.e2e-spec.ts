import { ApplicationGet, DOCUMENTS_BUCKET } from '@jlis/contracts';
import { eventually, freePort, officeDocument, startNats } from '@jlis/testing';
import { NatsConnection } from 'nats';
import { spawn } from 'node:child_process';
import { Agent, get, IncomingMessage } from 'node:http';
import { connect as tcp } from 'node:net';
import { distMain, ROOT } from './dist';
import { TestSuite } from './suite';

const CASE_ID = '5b1f0c1e-7c0e-4c57-9a55-1f7a3e2d9b10';

/** Whatever a problem answer must never show a client: subjects, driver messages, stack frames. */
function expectNoInternals(body: unknown): void {
  expect(Object.keys(body as object)).not.toEqual(expect.arrayContaining(['subject']));
  expect(Object.keys(body as object)).not.toEqual(expect.arrayContaining(['cause']));
  expect(JSON.stringify(body)).not.toMatch(/intake\.application|NatsError|no responders|\n\s+at |\.[jt]s:\d+/i);
}

function templateForm(bytes: Buffer, name: string, type: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), name);
  return form;
}

describe('the gateway at its edges', () => {
  describe('keep-alive', () => {
    let suite: TestSuite;
    beforeAll(async () => {
      suite = await TestSuite.start({ services: [] });
    });
    afterAll(async () => {
      await suite?.destroy();
    });

    it('answers on a kept-alive connection reused after a pause longer than Node’s old 5 s default', async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const call = () =>
        new Promise<{ res: IncomingMessage; reused: boolean }>((resolve, reject) => {
          const req = get(`${suite.baseUrl}/health`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ res, reused: req.reusedSocket }));
          });
          req.on('error', reject);
        });
      try {
        const first = await call();
        expect(first.res.statusCode).toBe(200);
        expect(first.res.headers['keep-alive']).toBe('timeout=65');
        await new Promise((r) => setTimeout(r, 6_000));
        const second = await call();
        expect({ status: second.res.statusCode, reused: second.reused }).toEqual({ status: 200, reused: true });
      } finally {
        agent.destroy();
      }
    }, 20_000);
  });

  describe('rate limits before authentication', () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad';

    it('limits a flood of bad tokens, unknown routes and anonymous calls per client address, as TRUST_PROXY resolves it', async () => {
      const suite = await TestSuite.start({
        services: [],
        env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' },
      });
      try {
        const from = (address: string, token?: string) => ({
          token,
          headers: { 'x-forwarded-for': address },
        });
        const flood = [];
        for (let i = 0; i < 4; i++) flood.push(await suite.http('GET', '/api/v1/me', from('203.0.113.7', forged)));
        expect(flood.map((r) => r.status)).toEqual([401, 401, 401, 429]);
        expect(flood[3].body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
        expect(Number(flood[3].headers.get('retry-after'))).toBeGreaterThan(0);
        // Refused before its token is looked at: the address has nothing left, whatever the token.
        const valid = await suite.token({ role: 'operator', sub: 'behind-the-flood' });
        expect((await suite.http('GET', '/api/v1/me', from('203.0.113.7', valid))).status).toBe(429);
        expect((await suite.http('GET', '/api/v1/no-such-route', from('203.0.113.7'))).status).toBe(429);

        // Another client behind the same proxy has its own allowance, for unknown routes and public ones too.
        const other = [];
        for (let i = 0; i < 4; i++) other.push(await suite.http('GET', '/api/v1/nothing-here', from('203.0.113.8')));
        expect(other.map((r) => r.status)).toEqual([404, 404, 404, 429]);
        const anonymous = [];
        for (let i = 0; i < 4; i++) anonymous.push(await suite.http('GET', '/health', from('198.51.100.9')));
        expect(anonymous.map((r) => r.status)).toEqual([200, 200, 200, 429]);

        // An authenticated caller is charged to itself, not to its address.
        const caller = await suite.token({ role: 'operator', sub: 'busy-portal' });
        const mine = [];
        for (let i = 0; i < 4; i++) mine.push(await suite.http('GET', '/api/v1/me', from('192.0.2.50', caller)));
        expect(mine.map((r) => r.status)).toEqual([200, 200, 200, 429]);
        expect((await suite.http('GET', '/health', from('192.0.2.50'))).status).toBe(200);
      } finally {
        await suite.destroy();
      }
    });

    it('believes X-Forwarded-For only from the proxies TRUST_PROXY lists', async () => {
      const suite = await TestSuite.start({ services: [], env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'none' } });
      try {
        const statuses = [];
        for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
          const res = await suite.http('GET', '/api/v1/me', { token: forged, headers: { 'x-forwarded-for': address } });
          statuses.push(res.status);
        }
        // Every request counts against the loopback address it really came from.
        expect(statuses).toEqual([401, 401, 401, 429]);
      } finally {
        await suite.destroy();
      }
    });
  });

  describe('uploads', () => {
    const LIMIT = 1024 * 1024;
    let suite: TestSuite;
    let nc: NatsConnection;
    let operator: string;
    const objects = async () =>
      (await (await nc.jetstream().views.os(DOCUMENTS_BUCKET)).list()).filter((o) => !o.deleted).length;

    beforeAll(async () => {
      suite = await TestSuite.start({ services: ['documents'], env: { UPLOAD_MAX_BYTES: String(LIMIT) } });
      nc = await suite.nats.connect('gateway', 'edges-e2e');
      operator = await suite.token({ role: 'operator' });
    });
    afterAll(async () => {
      await nc?.close();
      await suite?.destroy();
    });

    it('cuts an oversized upload off with 413 and stops reading the rest of the body', async () => {
      const before = await objects();
      const declared = 256 * 1024 * 1024;
      const boundary = 'x-oversized';
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
      );
      const port = Number(new URL(suite.baseUrl).port);
      const socket = tcp(port, '127.0.0.1');
      const answer: Buffer[] = [];
      let sent = 0;
      let stopped = false;
      const closed = new Promise<void>((resolve) => {
        socket.on('data', (d: Buffer) => answer.push(d));
        socket.on('end', () => {
          stopped = true;
          resolve();
        });
        socket.on('close', () => {
          stopped = true;
          resolve();
        });
        socket.on('error', () => undefined); // a reset once the server stops reading ends the test just as well
      });
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      socket.write(
        `POST /api/v1/forms/A-03-1/templates HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${operator}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declared}\r\n\r\n`,
      );
      socket.write(head);
      sent += head.length;
      // Send the body as fast as the server takes it, until it answers and closes, or everything declared is sent.
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      while (!stopped && sent + chunk.length < declared) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          await Promise.race([new Promise((r) => socket.once('drain', r)), closed]);
        }
      }
      await closed;
      socket.destroy();

      const text = Buffer.concat(answer).toString('utf8');
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text.toLowerCase()).toContain('connection: close');
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({
        code: 'FILE_TOO_LARGE',
        errors: [{ field: 'file' }],
      });
      // The server read the limit and what sat in socket buffers, not the 256 MB announced.
      expect(sent).toBeLessThan(LIMIT + 32 * 1024 * 1024);
      expect(await objects()).toBe(before);
    });

    it('refuses macro-enabled Office files, whatever they are named, and takes the same document without macros', async () => {
      const before = await objects();
      const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      for (const [bytes, name, type, detected] of [
        [officeDocument('docm'), '様式.docx', docx, 'docm'],
        [officeDocument('docm', { plainContentType: true }), 'renamed.docx', docx, 'docm'],
        [officeDocument('xlsm'), 'sheet.xlsx', xlsx, 'xlsm'],
      ] as const) {
        const res = await suite.http('POST', '/api/v1/forms/A-03-1/templates', {
          token: operator,
          form: templateForm(bytes, name, type),
        });
        expect(res).toMatchObject({
          status: 415,
          body: { code: 'FILE_TYPE_NOT_ALLOWED', detected, errors: [{ field: 'file' }] },
        });
        expect(res.body.detail).toContain('マクロ');
      }
      expect(await objects()).toBe(before);
      const plain = await suite.http('POST', '/api/v1/forms/A-03-1/templates', {
        token: operator,
        form: templateForm(officeDocument('docx'), '様式.docx', docx),
      });
      expect(plain.status).toBe(201);
    });
  });

  describe('problems', () => {
    let suite: TestSuite;
    let operator: string;
    beforeAll(async () => {
      suite = await TestSuite.start({ services: [], env: { RPC_TIMEOUT_MS: '300', JSON_BODY_LIMIT_BYTES: '2048' } });
      operator = await suite.token({ role: 'operator' });
    });
    afterAll(async () => {
      await suite?.destroy();
    });

    it('says a service is unavailable or late without naming its subjects or the driver’s message', async () => {
      const down = await suite.http('GET', `/api/v1/applications/${CASE_ID}`, { token: operator });
      expect(down).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
      expectNoInternals(down.body);

      // A responder that never answers (as intake, in its queue group): the gateway gives up after RPC_TIMEOUT_MS.
      const nc = await suite.nats.connect('intake', 'silent-intake');
      const seen: string[] = [];
      const sub = nc.subscribe(ApplicationGet.subject, {
        queue: 'intake',
        callback: (_error, msg) => seen.push(msg.headers?.get('x-request-id') ?? ''),
      });
      await nc.flush();
      try {
        const late = await suite.http('GET', `/api/v1/applications/${CASE_ID}`, {
          token: operator,
          headers: { 'x-request-id': 'trace-504' },
        });
        expect(late).toMatchObject({ status: 504, body: { code: 'SERVICE_TIMEOUT', requestId: 'trace-504' } });
        expectNoInternals(late.body);
        // The request id travelled with the request over NATS.
        expect(seen).toEqual(['trace-504']);
      } finally {
        sub.unsubscribe();
        await nc.close();
      }
    });

    it('answers the HTTP layer’s own refusals as problems: bad JSON, unsupported types, oversized and empty bodies', async () => {
      const post = (body: string | undefined, type?: string) =>
        fetch(`${suite.baseUrl}/api/v1/applications`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operator}`, ...(type ? { 'content-type': type } : {}) },
          body,
        }).then(async (res) => ({
          status: res.status,
          type: res.headers.get('content-type'),
          body: (await res.json()) as Record<string, any>,
        }));
      const malformed = await post('{"organizationCode": ', 'application/json');
      expect(malformed).toMatchObject({
        status: 400,
        type: expect.stringContaining('application/problem+json'),
        body: { code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] },
      });
      const poisoned = await post('{"__proto__": {"role": "operator"}}', 'application/json');
      expect(poisoned.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
      const text = await post('organizationCode=131016', 'text/plain');
      expect(text).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      const latin1 = await post('{}', 'application/json; charset=iso-8859-1');
      expect(latin1).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      const big = await post(JSON.stringify({ verifierName: 'x'.repeat(4096) }), 'application/json');
      expect(big).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
      // An empty JSON body is no body: the route's own validation names what is missing.
      const empty = await post('', 'application/json');
      expect(empty.status).toBe(400);
      expect(empty.body.code).toBe('VALIDATION_FAILED');
      expect(empty.body.errors.map((e: { field: string }) => e.field)).toContain('organizationCode');
      for (const res of [malformed, poisoned, text, latin1, big, empty]) expectNoInternals(res.body);
    });

    it('answers an unknown route 404 before asking for a token, and makes a request id when the given one is unusable', async () => {
      const res = await suite.http('GET', '/api/v1/nowhere', { headers: { 'x-request-id': 'not a plain token!' } });
      expect(res).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(id);
    });
  });

  describe('request log', () => {
    it('writes one line per request at info — method, route template, status, duration, request id — and no headers', async () => {
      const nats = await startNats();
      const port = await freePort();
      const gateway = spawn(process.execPath, [distMain('gateway')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          AUTH_MODE: 'development',
          ...nats.env('gateway'),
          PORT: String(port),
          LOG_LEVEL: 'info',
          RPC_TIMEOUT_MS: '300',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      gateway.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      try {
        await eventually(async () => out.includes('listening on'), 30_000);
        const base = `http://127.0.0.1:${port}`;
        const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.not-a-signature';
        const answers = [
          await fetch(`${base}/health`, { headers: { 'x-request-id': 'log-1' } }),
          await fetch(`${base}/api/v1/applications/${CASE_ID}`, {
            headers: { authorization: `Bearer ${token}`, cookie: 'session=hunter2', 'x-request-id': 'log-2' },
          }),
          await fetch(`${base}/api/v1/no-such-route`, { headers: { 'x-request-id': 'log-3' } }),
        ];
        expect(answers.map((a) => a.status)).toEqual([200, 401, 404]);
        const lines = () =>
          out
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as Record<string, unknown>)
            .filter((l) => l.msg === 'request');
        await eventually(async () => lines().length === 3);
        expect(lines()).toEqual([
          expect.objectContaining({ requestId: 'log-1', method: 'GET', route: '/health', status: 200 }),
          expect.objectContaining({
            requestId: 'log-2',
            method: 'GET',
            route: '/api/v1/applications/:id',
            status: 401,
          }),
          expect.objectContaining({ requestId: 'log-3', method: 'GET', status: 404 }),
        ]);
        for (const line of lines()) {
          expect(typeof line.ms).toBe('number');
          expect(Object.keys(line).sort()).toEqual(
            ['level', 'time', 'service', 'pid', 'name', 'msg', 'requestId', 'method', 'route', 'status', 'ms']
              .filter((k) => k !== 'route' || line.route !== undefined)
              .sort(),
          );
        }
        expect(out).not.toContain('hunter2');
        expect(out).not.toContain(token);
      } finally {
        gateway.kill('SIGTERM');
        await new Promise((r) => gateway.once('exit', r));
        await nats.destroy();
      }
    });
  });
});

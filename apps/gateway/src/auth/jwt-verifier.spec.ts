import { DomainError, loadConfig } from '@jlis/runtime';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer } from 'node:net';
import { exportJWK, JWK, SignJWT } from 'jose';
import { DEV_JWT_SECRET, GatewayConfig } from '../gateway.config';
import { JwtVerifier } from './jwt-verifier';
import { VerifiedTokenCache } from './verified-token-cache';

const callerKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const config = (env: Record<string, string>) =>
  loadConfig(GatewayConfig, { CALLER_ASSERTION_PRIVATE_KEY: callerKey, AUTH_MODE: 'development', ...env });
const secret = new TextEncoder().encode(DEV_JWT_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A development token; `claims` may drop (undefined) or change any registered claim. */
const devToken = (claims: Record<string, unknown> = {}, key = secret) => {
  const { exp = now() + 600, ...rest } = claims;
  const jwt = new SignJWT({ role: 'operator', ...rest }).setProtectedHeader({ alg: 'HS256' }).setSubject('op-1');
  if (exp !== null) jwt.setExpirationTime(exp as number);
  return jwt.sign(key);
};
const refusal = async (sut: JwtVerifier, token: string) =>
  sut.verify(token).then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: DomainError) => error,
  );

describe(JwtVerifier.name, () => {
  it('takes a development token with AUTH_MODE=development', async () => {
    await expect(new JwtVerifier(config({})).verify(await devToken())).resolves.toEqual({
      sub: 'op-1',
      role: 'operator',
    });
  });

  it('refuses a token without exp', async () => {
    const error = await refusal(new JwtVerifier(config({})), await devToken({ exp: null }));
    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(error.message).toContain('has no expiry (exp)');
  });

  it('checks iss and aud whenever they are configured, development tokens included', async () => {
    const sut = new JwtVerifier(config({ JWT_ISSUER: 'https://idp.example.jp', JWT_AUDIENCE: 'jlis-api' }));
    expect((await refusal(sut, await devToken())).message).toContain('issued by another issuer');
    expect((await refusal(sut, await devToken({ iss: 'https://idp.example.jp', aud: 'other-api' }))).message).toContain(
      'issued for another audience',
    );
    await expect(sut.verify(await devToken({ iss: 'https://idp.example.jp', aud: 'jlis-api' }))).resolves.toMatchObject(
      {
        sub: 'op-1',
      },
    );
  });

  it('allows clock skew up to JWT_CLOCK_SKEW_SECONDS and no more', async () => {
    const sut = new JwtVerifier(config({ JWT_CLOCK_SKEW_SECONDS: '60' }));
    await expect(sut.verify(await devToken({ exp: now() - 20 }))).resolves.toMatchObject({ sub: 'op-1' });
    expect((await refusal(sut, await devToken({ exp: now() - 120 }))).message).toContain('has expired');
    const strict = new JwtVerifier(config({ JWT_CLOCK_SKEW_SECONDS: '0' }));
    expect((await refusal(strict, await devToken({ exp: now() - 20 }))).message).toContain('has expired');
  });

  it('refuses a token signed with another secret, and an unsigned one', async () => {
    const sut = new JwtVerifier(config({}));
    expect((await refusal(sut, await devToken({}, new TextEncoder().encode('x'.repeat(40))))).code).toBe(
      'UNAUTHENTICATED',
    );
    const body = Buffer.from(JSON.stringify({ sub: 'op-1', role: 'operator', exp: now() + 600 })).toString('base64url');
    expect((await refusal(sut, `eyJhbGciOiJub25lIn0.${body}.`)).code).toBe('UNAUTHENTICATED');
  });

  it("answers 503, not 401, when the identity provider's keys cannot be fetched", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const sut = new JwtVerifier(
      config({
        AUTH_MODE: 'production',
        JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        JWT_ISSUER: 'https://idp.example.jp',
        JWT_AUDIENCE: 'jlis-api',
      }),
    );
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('op-1')
      .setIssuer('https://idp.example.jp')
      .setAudience('jlis-api')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect(await refusal(sut, token)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
  });

  describe('verified tokens kept for a moment (decision 270)', () => {
    /** Only the clock is faked: jose fetches the JWKS and times out with the real timers. */
    const fakeClock = () =>
      jest.useFakeTimers({
        now: Date.now(),
        doNotFake: [
          'nextTick',
          'setImmediate',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'queueMicrotask',
          'hrtime',
          'performance',
        ],
      });
    afterEach(() => jest.useRealTimers());

    it('keeps a development token it verified, a copy per request, and never a refused one', async () => {
      const cache = new VerifiedTokenCache(30);
      const sut = new JwtVerifier(config({}), cache);
      const token = await devToken();
      const first = await sut.verify(token);
      first.sub = 'someone-else';
      await expect(sut.verify(token)).resolves.toEqual({ sub: 'op-1', role: 'operator' });
      expect(cache.size).toBe(1);
      await refusal(sut, await devToken({}, new TextEncoder().encode('x'.repeat(40))));
      expect(cache.size).toBe(1);
    });

    it('still refuses a kept token once it has expired, with the same reason', async () => {
      fakeClock();
      const sut = new JwtVerifier(config({ JWT_CLOCK_SKEW_SECONDS: '0' }), new VerifiedTokenCache(0, 3_600_000));
      const token = await devToken({ exp: now() + 5 });
      await expect(sut.verify(token)).resolves.toMatchObject({ sub: 'op-1' });
      jest.setSystemTime(Date.now() + 6_000);
      expect((await refusal(sut, token)).message).toContain('has expired');
    });

    describe('with keys from a JWKS', () => {
      const issuer = 'https://idp.example.jp';
      let server: Server;
      let served: JWK[];
      let fetches = 0;
      const key1 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const key2 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = async (pair: typeof key1, kid: string) => ({
        ...(await exportJWK(pair.publicKey)),
        kid,
        alg: 'ES256',
      });
      const token = (pair: typeof key1, kid: string) =>
        new SignJWT({ role: 'operator' })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setSubject('op-1')
          .setIssuer(issuer)
          .setAudience('jlis-api')
          .setExpirationTime('2h')
          .sign(pair.privateKey);
      const verifier = () =>
        new JwtVerifier(
          config({
            AUTH_MODE: 'production',
            JWKS_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`,
            JWT_ISSUER: issuer,
            JWT_AUDIENCE: 'jlis-api',
          }),
          new VerifiedTokenCache(30, 3_600_000),
        );

      beforeEach(async () => {
        fetches = 0;
        served = [await jwk(key1, 'k1')];
        server = createHttpServer((_req, res) => {
          fetches++;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ keys: served }));
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      });
      afterEach(() => new Promise((resolve) => server.close(resolve)));

      it('refuses a kept token once a refreshed JWKS no longer holds its key', async () => {
        fakeClock();
        const sut = verifier();
        const t1 = await token(key1, 'k1');
        await expect(sut.verify(t1)).resolves.toMatchObject({ sub: 'op-1' });
        await expect(sut.verify(t1)).resolves.toMatchObject({ sub: 'op-1' });
        expect(fetches).toBe(1);
        served = [await jwk(key2, 'k2')];
        jest.setSystemTime(Date.now() + 11 * 60_000); // past jose's 10 minutes: the set is refreshed when next asked
        expect(await refusal(sut, t1)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
        expect(fetches).toBe(2);
        await expect(sut.verify(await token(key2, 'k2'))).resolves.toMatchObject({ sub: 'op-1' });
      });

      it('verifies a kept token again when the JWKS was refreshed, and takes it if its key is still there', async () => {
        fakeClock();
        const sut = verifier();
        const t1 = await token(key1, 'k1');
        await sut.verify(t1);
        served = [await jwk(key1, 'k1'), await jwk(key2, 'k2')];
        jest.setSystemTime(Date.now() + 11 * 60_000);
        await expect(sut.verify(t1)).resolves.toMatchObject({ sub: 'op-1' });
        expect(fetches).toBe(2);
      });
    });
  });
});

import { DomainError, loadConfig } from '@jlis/runtime';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, GatewayConfig } from '../gateway.config';
import { JwtVerifier } from './jwt-verifier';

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
});

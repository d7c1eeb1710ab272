import { createSecretKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { TestSuite } from '../suite';

const ISSUER = 'https://idp.example.jp/realms/jlis';
const AUDIENCE = 'jlis-api';

/**
 * The gateway as in production — no AUTH_MODE=development — verifying tokens with an identity provider's JWKS served
 * over real HTTP on loopback: what it accepts, and that development tokens and tokens without exp, for another
 * issuer or audience, or signed with a symmetric key from the JWKS are refused.
 */
describe('bearer tokens without AUTH_MODE=development (JWKS)', () => {
  let suite: TestSuite;
  let jwks: Server;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const oct = createSecretKey(randomBytes(32));

  beforeAll(async () => {
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      // A symmetric key published by mistake: whoever reads the (public) JWKS could sign with it.
      { ...(await exportJWK(oct)), kid: 'oct-1', alg: 'HS256', use: 'sig' },
    ];
    jwks = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/realms/jlis/certs`;
    suite = await TestSuite.start({
      services: ['intake'],
      env: { AUTH_MODE: 'production', JWKS_URL: url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE },
    });
  }, 120_000);

  afterAll(async () => {
    await suite?.destroy();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const token = (
    key: KeyObject,
    alg: string,
    kid: string,
    claims: { iss?: string; aud?: string; exp?: number | null } = {},
  ) => {
    const { iss = ISSUER, aud = AUDIENCE, exp = Math.floor(Date.now() / 1000) + 300 } = claims;
    const jwt = new SignJWT({ role: 'operator' })
      .setProtectedHeader({ alg, kid })
      .setSubject('op-idp')
      .setIssuer(iss)
      .setAudience(aud);
    if (exp !== null) jwt.setExpirationTime(exp);
    return jwt.sign(key);
  };
  const me = async (bearer: string) => suite.http('GET', '/api/v1/me', { token: bearer });

  it("accepts a token of the identity provider's keys, RSA or EC, with exp, issuer and audience", async () => {
    expect(await me(await token(rsa.privateKey, 'RS256', 'rsa-1'))).toMatchObject({
      status: 200,
      body: { sub: 'op-idp', role: 'operator' },
    });
    expect((await me(await token(ec.privateKey, 'ES256', 'ec-1'))).status).toBe(200);
  });

  it('refuses a development token', async () => {
    const res = await me(await suite.token({ role: 'operator' }));
    expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token without exp', async () => {
    const res = await me(await token(rsa.privateKey, 'RS256', 'rsa-1', { exp: null }));
    expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(res.body.detail).toContain('has no expiry (exp)');
  });

  it('refuses a token for another issuer or another audience', async () => {
    const otherIssuer = await me(await token(rsa.privateKey, 'RS256', 'rsa-1', { iss: 'https://evil.example' }));
    expect(otherIssuer).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const otherAudience = await me(await token(rsa.privateKey, 'RS256', 'rsa-1', { aud: 'another-api' }));
    expect(otherAudience).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses HS256 even with a key the JWKS publishes', async () => {
    const res = await me(await token(oct, 'HS256', 'oct-1'));
    expect(res).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });
});

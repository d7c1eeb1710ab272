import type { Browser } from 'playwright-core';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { TestSuite } from '../suite';
import { accessibilityViolations, launch, person, screenshot } from './browser';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Starts the local provider (test/console/oidc-provider.mjs) and waits for its `ready` line. */
function startProvider(port: number, redirectUri: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider.mjs'), String(port), redirectUri], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready ')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${err}`)));
  });
}

/**
 * The console without AUTH_MODE=development: OpenID Connect authorization code with PKCE against a local
 * oidc-provider, whose JWT access token the gateway then verifies with the provider's JWKS.
 */
describe('console (browser): OpenID Connect sign-in', () => {
  let suite: TestSuite;
  let browser: Browser;
  let provider: ChildProcess | undefined;

  beforeAll(async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    // Intake answers the queue after sign-in; the gateway checks tokens with the provider's keys only.
    [suite, browser] = await Promise.all([
      TestSuite.start({
        services: ['intake'],
        env: {
          AUTH_MODE: 'production',
          JWKS_URL: `${issuer}/jwks`,
          JWT_ISSUER: issuer,
          JWT_AUDIENCE: 'jlis-api',
          CONSOLE_OIDC_SCOPE: 'openid profile api',
        },
      }),
      launch(),
    ]);
    provider = await startProvider(port, `${suite.baseUrl}/console/callback`);
  }, 180_000);

  afterAll(async () => {
    provider?.kill();
    await browser?.close();
    await suite?.destroy();
  });

  it('signs in with PKCE, keeps the token out of web storage, and the gateway accepts it', async () => {
    const { page, errors } = await person(browser);
    const authorize: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/auth?')) authorize.push(request.url());
    });
    await page.goto(`${suite.baseUrl}/console/`);
    await page.getByRole('heading', { name: 'サインイン' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in', 'oidc');
    expect((await page.goto(`${suite.baseUrl}/api/v1/dev/tokens`))?.status()).toBe(404);
    await page.goto(`${suite.baseUrl}/console/`);
    await page.getByRole('button', { name: '認証サービスでサインイン' }).click();

    // oidc-provider's development login and consent pages.
    await page.locator('input[name="login"]').fill('operator-oidc');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();

    await page.getByRole('heading', { name: '作業一覧' }).waitFor();
    expect(await page.getByText('J-LIS 担当者: 審査 一郎').count()).toBe(1);
    await page.getByText('該当する申請はありません。').waitFor();
    const params = new URL(authorize[0]).searchParams;
    expect([params.get('code_challenge_method'), params.get('response_type')]).toEqual(['S256', 'code']);
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const stored = await page.evaluate('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(String(stored)).not.toMatch(/eyJ/);
    expect(errors).toEqual([]);
    await screenshot(page, 'signed-in', 'oidc');
  }, 120_000);
});

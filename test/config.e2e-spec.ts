import { spawnSync } from 'node:child_process';
import { distMain, ROOT } from './dist';

/** Starts a compiled service with the given environment and returns how it ended. */
function boot(service: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [distMain(service)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe('configuration errors stop a service with a readable sentence', () => {
  it('names a malformed DATABASE_URL and exits 78', () => {
    const sut = boot('intake', { DATABASE_URL: 'mysql://somewhere/db' });
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('intake: Configuration error');
    expect(sut.stderr).toContain('DATABASE_URL must be a postgres:// URL (got "mysql://somewhere/db")');
  });

  it('names every bad variable at once', () => {
    const sut = boot('cards', { NATS_URL: 'http://x', RPC_TIMEOUT_MS: 'soon' });
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('NATS_URL must be one or more nats:// URLs');
    expect(sut.stderr).toContain('RPC_TIMEOUT_MS must be a whole number of milliseconds (got "soon")');
  });

  it('refuses the development JWT secret in production at the gateway', () => {
    const sut = boot('gateway', { NODE_ENV: 'production' });
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('In production set JWKS_URL, JWT_ISSUER and JWT_AUDIENCE (or JWT_SECRET)');
  });

  it("stops a service that lacks the gateway's public key: it could not tell a caller from a forgery", () => {
    const sut = boot('intake', {});
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain(
      "CALLER_ASSERTION_PUBLIC_KEYS (or CALLER_ASSERTION_PUBLIC_KEYS_FILE) must name the gateway's public key",
    );
    const bad = boot('cards', { CALLER_ASSERTION_PUBLIC_KEYS: 'not-a-key' });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain('CALLER_ASSERTION_PUBLIC_KEYS must list Ed25519 public keys');
  });

  it('stops the gateway without the key it signs callers with', () => {
    const sut = boot('gateway', {});
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('CALLER_ASSERTION_PRIVATE_KEY or CALLER_ASSERTION_PRIVATE_KEY_FILE must be set');
  });

  it('refuses half a JWKS configuration', () => {
    const sut = boot('gateway', { JWKS_URL: 'https://idp.example.jp/jwks.json' });
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('JWKS_URL, JWT_ISSUER and JWT_AUDIENCE must be set together');
  });
});

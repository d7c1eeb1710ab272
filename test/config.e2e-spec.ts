import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { nkeys } from 'nats';
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

  it('refuses inbox rows the EVENTS stream could outlive, in a service and in npm run migrate', () => {
    const env = { EVENTS_MAX_AGE_HOURS: '720', INBOX_RETENTION_HOURS: '168' };
    const sentence =
      "INBOX_RETENTION_HOURS (168) must be at least EVENTS_MAX_AGE_HOURS (720) plus the stream's 10-minute duplicate window";
    const service = boot('notifications', env);
    expect(service.code).toBe(78);
    expect(service.stderr).toContain(sentence);
    // Provisioning refuses before it touches NATS or Postgres (none is given here).
    const migrate = spawnSync(process.execPath, ['scripts/migrate.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(migrate.status).toBe(78);
    expect(migrate.stderr).toContain(`migrate: Configuration error:\n  - ${sentence}`);
  });

  describe('the gateway and its tokens', () => {
    // Everything else a gateway needs, so that only the token settings are wrong.
    const callerKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const gateway = (env: Record<string, string>) =>
      boot('gateway', { CALLER_ASSERTION_PRIVATE_KEY: callerKey, ...env });
    const jwks = {
      JWKS_URL: 'https://idp.example.jp/jwks.json',
      JWT_ISSUER: 'https://idp.example.jp',
      JWT_AUDIENCE: 'jlis-api',
    };

    it('refuses to start without AUTH_MODE=development or the JWKS settings, in one sentence', () => {
      const seed = new TextDecoder().decode(nkeys.createUser().getSeed());
      const envs: Record<string, string>[] = [
        {},
        { AUTH_MODE: 'production' },
        { NODE_ENV: 'production', NATS_NKEY_SEED: seed },
      ];
      for (const env of envs) {
        const sut = gateway(env);
        expect(sut.code).toBe(78);
        expect(sut.stderr).toContain(
          'Set JWKS_URL, JWT_ISSUER and JWT_AUDIENCE (the identity provider that signs tokens), or AUTH_MODE=development',
        );
        expect(sut.stderr.match(/^ {2}- /gm)).toHaveLength(1);
      }
    });

    it('refuses an HS256 JWT_SECRET unless AUTH_MODE=development, and AUTH_MODE=development in production', () => {
      const secret = gateway({ ...jwks, JWT_SECRET: 'a-production-secret-of-at-least-32-chars' });
      expect(secret.code).toBe(78);
      expect(secret.stderr).toContain(
        'JWT_SECRET signs development tokens and is refused unless AUTH_MODE=development',
      );
      const development = gateway({ NODE_ENV: 'production', AUTH_MODE: 'development', ...jwks });
      expect(development.code).toBe(78);
      expect(development.stderr).toContain('AUTH_MODE=development must not be used with NODE_ENV=production');
    });

    it('refuses half a JWKS configuration, and one fetched over plain http from another host', () => {
      const half = gateway({ JWKS_URL: jwks.JWKS_URL });
      expect(half.code).toBe(78);
      expect(half.stderr).toContain('JWKS_URL, JWT_ISSUER and JWT_AUDIENCE must be set together');
      const plain = gateway({ ...jwks, JWKS_URL: 'http://idp.example.jp/jwks.json' });
      expect(plain.code).toBe(78);
      expect(plain.stderr).toContain('JWKS_URL must be an https:// URL (http:// only on loopback)');
    });
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

  it('stops access when one person alone would decide production access outside development', () => {
    const sut = boot('access', { APPROVALS_REQUIRED: '1' });
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('access: Configuration error');
    expect(sut.stderr).toContain(
      'APPROVALS_REQUIRED=1 is allowed only with AUTH_MODE=development: production access is decided by two operators.',
    );
  });

  it('stops the gateway without the key it signs callers with', () => {
    const sut = boot('gateway', {});
    expect(sut.code).toBe(78);
    expect(sut.stderr).toContain('CALLER_ASSERTION_PRIVATE_KEY or CALLER_ASSERTION_PRIVATE_KEY_FILE must be set');
  });
});

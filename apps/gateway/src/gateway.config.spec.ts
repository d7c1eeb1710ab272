import { ConfigError, loadConfig } from '@jlis/runtime';
import { generateKeyPairSync } from 'node:crypto';
import { GatewayConfig } from './gateway.config';

/** What every gateway needs whatever else is tested: the key it signs callers with, and a way to check tokens. */
const required = {
  AUTH_MODE: 'development',
  CALLER_ASSERTION_PRIVATE_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString(),
};
const load = (env: Record<string, string>) => loadConfig(GatewayConfig, { ...required, ...env });
const problems = (env: Record<string, string>) => {
  try {
    load(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe(GatewayConfig.name, () => {
  it('keeps idle connections 65 s with a headers timeout above that, and trusts loopback proxies, by default', () => {
    const sut = load({});
    expect(sut.HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
    expect(sut.HTTP_HEADERS_TIMEOUT_MS).toBeGreaterThan(sut.HTTP_KEEP_ALIVE_TIMEOUT_MS);
    expect(sut.trustedProxies()).toEqual(['loopback']);
  });

  it('takes a list of named ranges, addresses and CIDRs as TRUST_PROXY, or none', () => {
    expect(load({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.0.2.10' }).trustedProxies()).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.10',
    ]);
    expect(load({ TRUST_PROXY: 'none' }).trustedProxies()).toBe(false);
  });

  it('refuses a TRUST_PROXY that is not a list of proxies (trusting everyone included)', () => {
    for (const value of ['true', '*', '10.0.0.0/33', 'loopback,proxy.example.jp']) {
      expect(problems({ TRUST_PROXY: value })).toEqual([expect.stringContaining('TRUST_PROXY must be "none" or')]);
    }
  });

  it('refuses a headers timeout at or below the keep-alive timeout', () => {
    expect(problems({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '70000', HTTP_HEADERS_TIMEOUT_MS: '70000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS (70000) must be above HTTP_KEEP_ALIVE_TIMEOUT_MS (70000).',
    ]);
  });
});

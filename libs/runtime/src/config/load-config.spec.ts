import { ConfigError, loadConfig } from './load-config';
import { ServiceConfig } from './service.config';

describe(loadConfig.name, () => {
  it('applies defaults for unset variables', () => {
    const sut = loadConfig(ServiceConfig, {});
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(sut.RPC_TIMEOUT_MS).toBe(5000);
  });

  it('stops with a sentence naming each bad variable and its value', () => {
    const error = (() => {
      try {
        loadConfig(ServiceConfig, { DATABASE_URL: 'mysql://x', RPC_TIMEOUT_MS: 'soon' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain('DATABASE_URL must be a postgres:// URL (got "mysql://x")');
    expect(error!.message).toContain('RPC_TIMEOUT_MS must be a whole number of milliseconds');
  });

  it('refuses a shifted clock in production', () => {
    expect(() => loadConfig(ServiceConfig, { NODE_ENV: 'production', CLOCK_OFFSET_DAYS: '3' })).toThrow(
      'CLOCK_OFFSET_DAYS must not be set in production',
    );
  });
});

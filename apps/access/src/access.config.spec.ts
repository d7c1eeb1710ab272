import { loadConfig } from '@jlis/runtime';
import { AccessConfig } from './access.config';

describe(AccessConfig.name, () => {
  it('asks two people by default', () => {
    expect(loadConfig(AccessConfig, {}).APPROVALS_REQUIRED).toBe(2);
  });

  it('lets one person decide only on a developer machine (AUTH_MODE=development)', () => {
    expect(loadConfig(AccessConfig, { APPROVALS_REQUIRED: '1', AUTH_MODE: 'development' }).APPROVALS_REQUIRED).toBe(1);
    for (const env of [{ APPROVALS_REQUIRED: '1' }, { APPROVALS_REQUIRED: '1', AUTH_MODE: 'production' }]) {
      expect(() => loadConfig(AccessConfig, env)).toThrow(
        'APPROVALS_REQUIRED=1 is allowed only with AUTH_MODE=development',
      );
    }
  });

  it('stops with a sentence naming a value out of range', () => {
    expect(() => loadConfig(AccessConfig, { APPROVALS_REQUIRED: '0', AUTH_MODE: 'development' })).toThrow(
      'APPROVALS_REQUIRED must be at least 1',
    );
    expect(() => loadConfig(AccessConfig, { APPROVALS_REQUIRED: 'two' })).toThrow(
      'APPROVALS_REQUIRED must be a whole number of people',
    );
  });
});

import { ConfigError, loadConfig } from '@jlis/runtime';
import { nkeys } from 'nats';
import { DEV_JLIS_MAILBOX, DEV_SMTP_FROM, NotificationsConfig } from './notifications.config';

const failure = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(NotificationsConfig, env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe(NotificationsConfig.name, () => {
  it('defaults to .eml files, a development sender and mailbox, 8 attempts from 1 s', () => {
    const sut = loadConfig(NotificationsConfig, {});
    expect(sut.SMTP_URL).toBeUndefined();
    expect(sut.MAIL_OUT_DIR).toBe('.data/mail-out');
    expect(sut.mailFrom()).toBe(DEV_SMTP_FROM);
    expect(sut.jlisMailbox()).toBe(DEV_JLIS_MAILBOX);
    expect(sut.MAIL_MAX_ATTEMPTS).toBe(8);
    expect(sut.MAIL_RETRY_BASE_MS).toBe(1000);
  });

  it('runs 4 delivery loops unless MAIL_SENDERS says otherwise, from 1 to 32', () => {
    expect(loadConfig(NotificationsConfig, {}).MAIL_SENDERS).toBe(4);
    expect(loadConfig(NotificationsConfig, { MAIL_SENDERS: '1' }).MAIL_SENDERS).toBe(1);
    expect(failure({ MAIL_SENDERS: '0' }).message).toContain('MAIL_SENDERS must be at least 1');
    expect(failure({ MAIL_SENDERS: '33' }).message).toContain('MAIL_SENDERS must be at most 32');
  });

  it('stops with a sentence naming each bad variable', () => {
    const sut = failure({
      SMTP_URL: 'http://mail',
      MAIL_MAX_ATTEMPTS: 'many',
      JLIS_MAILBOX: 'not-an-address',
      MAIL_RETRY_BASE_MS: '5',
    });
    expect(sut.message).toContain('SMTP_URL must be an smtp:// or smtps:// URL');
    expect(sut.message).toContain('MAIL_MAX_ATTEMPTS must be a whole number');
    expect(sut.message).toContain('JLIS_MAILBOX must be an e-mail address');
    expect(sut.message).toContain('MAIL_RETRY_BASE_MS must be at least 10');
  });

  it('requires SMTP_URL, SMTP_FROM and JLIS_MAILBOX in production', () => {
    const sut = failure({ NODE_ENV: 'production' });
    expect(sut.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('SMTP_URL must be set in production'),
        expect.stringContaining('SMTP_FROM must be set in production'),
        expect.stringContaining('JLIS_MAILBOX must be set in production'),
      ]),
    );
    const ok = loadConfig(NotificationsConfig, {
      NODE_ENV: 'production',
      NATS_NKEY_SEED: new TextDecoder().decode(nkeys.createUser().getSeed()),
      SMTP_URL: 'smtp://relay.example.jp:587',
      SMTP_FROM: 'JPKI手続 <noreply@example.jp>',
      JLIS_MAILBOX: 'jpki@j-lis.example.jp',
      WEBHOOK_SECRET_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(ok.mailFrom()).toBe('JPKI手続 <noreply@example.jp>');
    expect(ok.webhookSecretKeys().map((k) => k.id)).toEqual(['k1']);
  });

  it('keeps webhooks off private addresses and the public development key out of production', () => {
    const sut = failure({ NODE_ENV: 'production', WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(sut.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('WEBHOOK_SECRET_KEYS must be set in production'),
        expect.stringContaining('WEBHOOK_ALLOW_PRIVATE=true must not be used with NODE_ENV=production'),
      ]),
    );
    expect(loadConfig(NotificationsConfig, {}).webhookAllowPrivate()).toBe(false);
    expect(loadConfig(NotificationsConfig, {}).WEBHOOK_RETRY_WINDOW_MS).toBe(86_400_000);
    expect(failure({ WEBHOOK_SECRET_KEYS: 'k1:short' }).message).toContain('WEBHOOK_SECRET_KEYS must be');
    expect(failure({ WEBHOOK_ALLOW_PRIVATE: 'yes' }).message).toContain('WEBHOOK_ALLOW_PRIVATE must be true or false');
  });
});

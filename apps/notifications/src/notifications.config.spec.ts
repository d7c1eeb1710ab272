import { ConfigError, loadConfig } from '@jlis/runtime';
import { nkeys } from 'nats';
import {
  DEV_CARD_RETURN_ADDRESS,
  DEV_JLIS_MAILBOX,
  DEV_PORTAL_URL,
  DEV_SMTP_FROM,
  NotificationsConfig,
} from './notifications.config';

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

  it("builds J-LIS's letterhead: the development portal and return address, the seed's LGWAN 全国センター, the mailbox's address", () => {
    const sut = loadConfig(NotificationsConfig, { JLIS_MAILBOX: 'J-LIS 公的個人認証部 <jpki@j-lis.example.jp>' });
    expect(sut.letterhead()).toEqual({
      portalUrl: DEV_PORTAL_URL,
      contactEmail: 'jpki@j-lis.example.jp',
      contactPhone: undefined,
      contactHours: undefined,
      cardReturnAddress: DEV_CARD_RETURN_ADDRESS,
      lgwanCenter: { internet: 'LGPKI@j-lis.go.jp', lgwan: 'cvs-info@j-lis.lgwan.jp' },
    });
    const set = loadConfig(NotificationsConfig, {
      JLIS_CONTACT_EMAIL: 'toiawase@j-lis.example.jp',
      JLIS_CONTACT_PHONE: '03-1234-5000',
      JLIS_CONTACT_HOURS: '受付時間 平日 9:00～17:00',
    }).letterhead();
    expect(set).toMatchObject({ contactEmail: 'toiawase@j-lis.example.jp', contactPhone: '03-1234-5000' });
    const bad = failure({
      PORTAL_URL: 'jpki-onboarding.example.jp',
      JLIS_CONTACT_PHONE: 'call us',
      CARD_RETURN_ADDRESS: 'a\nb',
    });
    expect(bad.message).toContain('PORTAL_URL must be an http:// or https:// URL');
    expect(bad.message).toContain('JLIS_CONTACT_PHONE must be a telephone number');
    expect(bad.message).toContain('CARD_RETURN_ADDRESS must be one line');
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

  it('requires SMTP_URL, SMTP_FROM, JLIS_MAILBOX, PORTAL_URL and CARD_RETURN_ADDRESS in production', () => {
    const sut = failure({ NODE_ENV: 'production' });
    expect(sut.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('SMTP_URL must be set in production'),
        expect.stringContaining('SMTP_FROM must be set in production'),
        expect.stringContaining('JLIS_MAILBOX must be set in production'),
        expect.stringContaining('PORTAL_URL must be set in production'),
        expect.stringContaining('CARD_RETURN_ADDRESS must be set in production'),
      ]),
    );
    const ok = loadConfig(NotificationsConfig, {
      NODE_ENV: 'production',
      NATS_NKEY_SEED: new TextDecoder().decode(nkeys.createUser().getSeed()),
      SMTP_URL: 'smtp://relay.example.jp:587',
      SMTP_FROM: 'JPKI手続 <noreply@example.jp>',
      JLIS_MAILBOX: 'jpki@j-lis.example.jp',
      PORTAL_URL: 'https://jpki-onboarding.example.jp/',
      CARD_RETURN_ADDRESS: '〒100-0000 東京都千代田区〇〇1-2-3 個人番号センター公的個人認証部 宛',
      WEBHOOK_SECRET_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    expect(ok.mailFrom()).toBe('JPKI手続 <noreply@example.jp>');
    expect(ok.letterhead()).toMatchObject({
      portalUrl: 'https://jpki-onboarding.example.jp/',
      contactEmail: 'jpki@j-lis.example.jp',
      cardReturnAddress: '〒100-0000 東京都千代田区〇〇1-2-3 個人番号センター公的個人認証部 宛',
    });
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

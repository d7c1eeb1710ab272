import { Expose, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { parseSecretKeys, SecretKey } from './webhooks/webhook-secrets';
import { ServiceConfig } from '@jlis/runtime';
import type { Letterhead } from './mail/templates/mail-template';

/** Sender used outside production when SMTP_FROM is not set. */
export const DEV_SMTP_FROM = 'JPKI手続システム(開発) <noreply@jpki-onboarding.localhost>';
/** J-LIS's mailbox outside production when JLIS_MAILBOX is not set. */
export const DEV_JLIS_MAILBOX = 'jpki-kanri@j-lis.localhost';

/** Where links in mail point outside production when PORTAL_URL is not set (the gateway of `npm start`). */
export const DEV_PORTAL_URL = 'http://127.0.0.1:3000/';
/** Where test cards go back outside production when CARD_RETURN_ADDRESS is not set: says so in the mail. */
export const DEV_CARD_RETURN_ADDRESS = '〒000-0000（開発環境の仮の返却先です。CARD_RETURN_ADDRESS で設定してください）';
/** The seed's contacts of the LGWAN 全国センター, for cases that verify via LGPKI. */
export const SEED_LGWAN_CENTER_EMAIL = 'LGPKI@j-lis.go.jp';
export const SEED_LGWAN_CENTER_LGWAN_EMAIL = 'cvs-info@j-lis.lgwan.jp';
/**
 * Key that encrypts webhook signing secrets outside production when WEBHOOK_SECRET_KEYS is not set. Public (it is in
 * the repository), so production refuses it.
 */
export const DEV_WEBHOOK_SECRET_KEYS = 'dev:ZGV2ZWxvcG1lbnQtb25seS13ZWJob29rLWtleS0zMmI=';

/** `Name <addr@host>` or `addr@host`. */
const MAILBOX = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
/** One line of text that a mail prints as it is. */
const ONE_LINE = /^[^\r\n]+$/;

/** Variables of the notifications service (README.md § Configuration and docs/notifications.md). */
export class NotificationsConfig extends ServiceConfig {
  /** smtp://user:pass@host:port or smtps://…; unset → every mail is written as an .eml file to MAIL_OUT_DIR. */
  @Expose()
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Expose()
  @IsString()
  @MaxLength(500)
  MAIL_OUT_DIR = '.data/mail-out';

  /** The From of every mail; required in production. */
  @Expose()
  @IsOptional()
  @Matches(MAILBOX, {
    message: 'SMTP_FROM must be a mailbox such as "JPKI手続 <noreply@example.jp>" or noreply@example.jp',
  })
  SMTP_FROM?: string;

  /** J-LIS's mailbox (A-1 requests, received submissions, questions, stock); required in production. */
  @Expose()
  @IsOptional()
  @Matches(MAILBOX, { message: 'JLIS_MAILBOX must be an e-mail address such as jpki@j-lis.go.jp' })
  JLIS_MAILBOX?: string;

  /** Delivery attempts before a mail is marked failed. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_MAX_ATTEMPTS must be a whole number' })
  @Min(1, { message: 'MAIL_MAX_ATTEMPTS must be at least 1' })
  @Max(50, { message: 'MAIL_MAX_ATTEMPTS must be at most 50' })
  MAIL_MAX_ATTEMPTS = 8;

  /** Wait before the 2nd attempt; doubled after every failure (1 s, 2 s, 4 s, …), capped by MAIL_RETRY_MAX_MS. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'MAIL_RETRY_BASE_MS must be at least 10' })
  @Max(3_600_000, { message: 'MAIL_RETRY_BASE_MS must be at most 3600000' })
  MAIL_RETRY_BASE_MS = 1000;

  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_RETRY_MAX_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'MAIL_RETRY_MAX_MS must be at least 10' })
  @Max(86_400_000, { message: 'MAIL_RETRY_MAX_MS must be at most 86400000' })
  MAIL_RETRY_MAX_MS = 3_600_000;

  /** How often an idle sender looks for due mail. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_POLL_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'MAIL_POLL_MS must be at least 10' })
  @Max(60_000, { message: 'MAIL_POLL_MS must be at most 60000' })
  MAIL_POLL_MS = 250;

  /**
   * Delivery loops per instance, each with its own pooled SMTP connection. One loop sends one mail at a time (claim,
   * SMTP, commit), about 25–45 mails/s on the 2-core bench machine — fewer than the mails of 100 new cases/s
   * (docs/benchmarks.md); mails are still claimed one at a time with SKIP LOCKED, so loops never send one mail twice.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_SENDERS must be a whole number' })
  @Min(1, { message: 'MAIL_SENDERS must be at least 1' })
  @Max(32, { message: 'MAIL_SENDERS must be at most 32' })
  MAIL_SENDERS = 4;

  /**
   * The portal's address (where its pages and `/api/v1` are served): links in every mail, and the signature. Required
   * in production, so that no mail links to a development host.
   */
  @Expose()
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/, {
    message: 'PORTAL_URL must be an http:// or https:// URL such as https://jpki-onboarding.example.jp/',
  })
  PORTAL_URL?: string;

  /** The e-mail address in the signature of every letter (J-LIS's contact); unset → the address of JLIS_MAILBOX. */
  @Expose()
  @IsOptional()
  @Matches(ADDRESS, { message: 'JLIS_CONTACT_EMAIL must be an e-mail address such as jpki@j-lis.go.jp' })
  JLIS_CONTACT_EMAIL?: string;

  /** The telephone number in the signature; unset → the signature has none. */
  @Expose()
  @IsOptional()
  @Matches(/^[0-9０-９()（）+\-－ ]{6,24}$/, {
    message: 'JLIS_CONTACT_PHONE must be a telephone number such as 03-1234-5678',
  })
  JLIS_CONTACT_PHONE?: string;

  /** When the telephone is answered, printed beside it, e.g. 平日 9:00～17:00. */
  @Expose()
  @IsOptional()
  @IsString()
  @MaxLength(60, { message: 'JLIS_CONTACT_HOURS must be at most 60 characters' })
  @Matches(ONE_LINE, { message: 'JLIS_CONTACT_HOURS must be one line' })
  JLIS_CONTACT_HOURS?: string;

  /** Where lent test cards are returned (postal code, address, addressee as J-LIS wants them written); required in production. */
  @Expose()
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'CARD_RETURN_ADDRESS must be at most 200 characters' })
  @Matches(ONE_LINE, { message: 'CARD_RETURN_ADDRESS must be one line' })
  CARD_RETURN_ADDRESS?: string;

  /** The LGWAN 全国センター's internet-side address (A-8, verification via LGPKI); the seed's by default. */
  @Expose()
  @Matches(ADDRESS, { message: 'LGWAN_CENTER_EMAIL must be an e-mail address such as LGPKI@j-lis.go.jp' })
  LGWAN_CENTER_EMAIL = SEED_LGWAN_CENTER_EMAIL;

  /** The LGWAN 全国センター's LGWAN-side address; the seed's by default. */
  @Expose()
  @Matches(ADDRESS, { message: 'LGWAN_CENTER_LGWAN_EMAIL must be an e-mail address such as cvs-info@j-lis.lgwan.jp' })
  LGWAN_CENTER_LGWAN_EMAIL = SEED_LGWAN_CENTER_LGWAN_EMAIL;

  /**
   * `true`: webhooks may go to private, loopback and link-local addresses and over plain http (development and
   * tests with a receiver on loopback). Otherwise every delivery checks the address it connects to.
   */
  @Expose()
  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_PRIVATE must be true or false' })
  WEBHOOK_ALLOW_PRIVATE: 'true' | 'false' = 'false';

  /**
   * Keys that encrypt webhook signing secrets at rest: `<id>:<base64 of 32 bytes>`, comma-separated; the first
   * encrypts, all decrypt (rotation: put the new key first, keep the old one until the job re-encrypted every secret,
   * docs/notifications.md). Required in production.
   */
  @Expose()
  @IsOptional()
  @IsString()
  WEBHOOK_SECRET_KEYS?: string;

  /** Wait before the 2nd try of a delivery; doubled after every failure, capped by WEBHOOK_RETRY_MAX_MS. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_RETRY_BASE_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'WEBHOOK_RETRY_BASE_MS must be at least 10' })
  @Max(3_600_000, { message: 'WEBHOOK_RETRY_BASE_MS must be at most 3600000' })
  WEBHOOK_RETRY_BASE_MS = 5000;

  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_RETRY_MAX_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'WEBHOOK_RETRY_MAX_MS must be at least 10' })
  @Max(86_400_000, { message: 'WEBHOOK_RETRY_MAX_MS must be at most 86400000' })
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** How long a delivery is retried (from its first try); after that it fails and its subscription is disabled. */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_RETRY_WINDOW_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'WEBHOOK_RETRY_WINDOW_MS must be at least 100' })
  @Max(7 * 86_400_000, { message: 'WEBHOOK_RETRY_WINDOW_MS must be at most 604800000 (7 days)' })
  WEBHOOK_RETRY_WINDOW_MS = 86_400_000;

  /** How long one try may take (connect, send, answer). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be at least 100' })
  @Max(60_000, { message: 'WEBHOOK_TIMEOUT_MS must be at most 60000' })
  WEBHOOK_TIMEOUT_MS = 10_000;

  /** Delivery loops per instance (each sends one delivery at a time). */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'WEBHOOK_SENDERS must be a whole number' })
  @Min(1, { message: 'WEBHOOK_SENDERS must be at least 1' })
  @Max(32, { message: 'WEBHOOK_SENDERS must be at most 32' })
  WEBHOOK_SENDERS = 2;

  override crossCheck(): string[] {
    const problems = super.crossCheck();
    if (this.WEBHOOK_RETRY_MAX_MS < this.WEBHOOK_RETRY_BASE_MS) {
      problems.push(
        `WEBHOOK_RETRY_MAX_MS (${this.WEBHOOK_RETRY_MAX_MS}) must not be smaller than WEBHOOK_RETRY_BASE_MS (${this.WEBHOOK_RETRY_BASE_MS}).`,
      );
    }
    try {
      parseSecretKeys(this.WEBHOOK_SECRET_KEYS ?? DEV_WEBHOOK_SECRET_KEYS);
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (this.NODE_ENV === 'production') {
      if (!this.SMTP_URL)
        problems.push('SMTP_URL must be set in production (without it mail is only written to files).');
      if (!this.SMTP_FROM) problems.push('SMTP_FROM must be set in production (the sender of every mail).');
      if (!this.WEBHOOK_SECRET_KEYS)
        problems.push('WEBHOOK_SECRET_KEYS must be set in production (the development key is public).');
      if (this.WEBHOOK_ALLOW_PRIVATE === 'true')
        problems.push('WEBHOOK_ALLOW_PRIVATE=true must not be used with NODE_ENV=production.');
      if (!this.JLIS_MAILBOX)
        problems.push("JLIS_MAILBOX must be set in production (J-LIS's mailbox for A-1 requests and other notices).");
      if (!this.PORTAL_URL) problems.push('PORTAL_URL must be set in production (the links in every mail).');
      if (!this.CARD_RETURN_ADDRESS)
        problems.push(
          'CARD_RETURN_ADDRESS must be set in production (where the mails ask for test cards to be returned).',
        );
    }
    if (this.MAIL_RETRY_MAX_MS < this.MAIL_RETRY_BASE_MS) {
      problems.push(
        `MAIL_RETRY_MAX_MS (${this.MAIL_RETRY_MAX_MS}) must not be smaller than MAIL_RETRY_BASE_MS (${this.MAIL_RETRY_BASE_MS}).`,
      );
    }
    return problems;
  }

  webhookAllowPrivate(): boolean {
    return this.WEBHOOK_ALLOW_PRIVATE === 'true';
  }

  webhookSecretKeys(): SecretKey[] {
    return parseSecretKeys(this.WEBHOOK_SECRET_KEYS ?? DEV_WEBHOOK_SECRET_KEYS);
  }

  mailFrom(): string {
    return this.SMTP_FROM ?? DEV_SMTP_FROM;
  }

  jlisMailbox(): string {
    return this.JLIS_MAILBOX ?? DEV_JLIS_MAILBOX;
  }

  /** What every letter says about J-LIS: its contacts, the portal, where cards go back. */
  letterhead(): Letterhead {
    const mailbox = this.jlisMailbox();
    return {
      portalUrl: this.PORTAL_URL ?? DEV_PORTAL_URL,
      contactEmail: this.JLIS_CONTACT_EMAIL ?? /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox,
      contactPhone: this.JLIS_CONTACT_PHONE,
      contactHours: this.JLIS_CONTACT_HOURS,
      cardReturnAddress: this.CARD_RETURN_ADDRESS ?? DEV_CARD_RETURN_ADDRESS,
      lgwanCenter: { internet: this.LGWAN_CENTER_EMAIL, lgwan: this.LGWAN_CENTER_LGWAN_EMAIL },
    };
  }
}

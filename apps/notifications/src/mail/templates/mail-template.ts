import type { ApplicationSnapshot, EventEnvelope } from '@jlis/contracts';

export interface ContractorContact {
  contractorId: string;
  name: string;
  email: string;
}

/** What every letter says about J-LIS, from configuration (NotificationsConfig.letterhead, docs/notifications.md). */
export interface Letterhead {
  /** PORTAL_URL: links and the signature. */
  portalUrl: string;
  contactEmail: string;
  contactPhone?: string;
  contactHours?: string;
  /** CARD_RETURN_ADDRESS. */
  cardReturnAddress: string;
  /** The LGWAN 全国センター's addresses (seed, A-8). */
  lgwanCenter: { internet: string; lgwan: string };
}

/** What a template renders from: the event, the case as this service knows it, the case's contractor, J-LIS's letterhead. */
export interface MailInput<P> {
  event: EventEnvelope<P>;
  app?: ApplicationSnapshot;
  contractor?: ContractorContact;
  letterhead: Letterhead;
  /** Names of card kinds by code (from `cards.card-kind.defined`); a kind not known is called テスト用ICカード. */
  cardKinds?: Record<string, string>;
}

export interface RenderedMail {
  subject: string;
  body: string;
  /** Files the letter carries (the approved A-11-2 PDF). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

/**
 * One mail text. `code` and `version` are stored with every message (`template_code`, `template_version`, and the
 * `X-JPKI-Template` header): a wording change bumps `version`, so a stored mail says which text it was sent with.
 */
export interface MailTemplate<P = unknown> {
  code: string;
  version: number;
  /** What the template is for (docs and logs). */
  description: string;
  render(input: MailInput<P>): RenderedMail;
}

export function need(app: ApplicationSnapshot | undefined, code: string): ApplicationSnapshot {
  if (!app) throw new Error(`template ${code} needs the case snapshot`);
  return app;
}

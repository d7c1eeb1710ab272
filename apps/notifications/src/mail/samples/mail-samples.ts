import type { EventEnvelope } from '@jlis/contracts';
import { MAIL_ROUTES, type MailRoute, recipientsOf } from '../mail-routes';
import {
  CASE_ID,
  SAMPLE_CARD_KINDS,
  SAMPLE_CASE,
  SAMPLE_CONTRACTOR,
  SAMPLE_FROM,
  SAMPLE_JLIS_MAILBOX,
  SAMPLE_LETTERHEAD,
  SAMPLES,
} from './sample-data';

export interface MailSample {
  /** File name under docs/mail-samples/. */
  file: string;
  text: string;
}

function envelope(route: MailRoute, at: string, payload: unknown): EventEnvelope<never> {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    type: route.eventType,
    version: 1,
    occurredAt: at,
    actor: { sub: 'system', role: 'system' },
    correlationId: '00000000-0000-4000-8000-000000000000',
    applicationId: CASE_ID,
    aggregateId: CASE_ID,
    aggregateVersion: 1,
    payload: payload as never,
  };
}

/** Every template of MAIL_ROUTES rendered for the sample case, numbered in the order of the procedure. */
export function renderMailSamples(): MailSample[] {
  return MAIL_ROUTES.map((route, i) => {
    const code = route.template.code;
    const sample = SAMPLES[code];
    if (!sample) throw new Error(`no sample event for template ${code}: add one to sample-data.ts`);
    const app = SAMPLE_CASE;
    const contractor = route.audience === 'contacts-and-contractor' ? SAMPLE_CONTRACTOR : undefined;
    const mail = route.template.render({
      event: envelope(route, sample.at, sample.payload),
      app,
      contractor,
      letterhead: SAMPLE_LETTERHEAD,
      cardKinds: SAMPLE_CARD_KINDS,
    });
    const to = recipientsOf(route, app, contractor, SAMPLE_JLIS_MAILBOX);
    const headers = [
      `X-JPKI-Template: ${code}@${route.template.version}`,
      `X-JPKI-Event: ${route.eventType}`,
      `From: ${SAMPLE_FROM}`,
      `To: ${to.to.join(', ')}`,
      to.cc.length ? `Cc: ${to.cc.join(', ')}` : '',
      to.replyTo ? `Reply-To: ${to.replyTo}` : '',
      `Subject: ${mail.subject}`,
    ].filter(Boolean);
    return {
      file: `${String(i + 1).padStart(2, '0')}-${code}.txt`,
      text: `${headers.join('\n')}\n\n${mail.body}\n`,
    };
  });
}

import { jst, lines } from '../mail/mail-format';
import type { RenderedMail } from '../mail/templates';
import { JLIS_NAME, JLIS_UNIT, SYSTEM_NAME } from '../mail/templates/letter';

export const WEBHOOK_DISABLED_TEMPLATE = { code: 'webhook-disabled', version: 1 } as const;

/** What the mail to a subscription's contact says when its deliveries failed for the whole retry period. */
export interface WebhookDisabledInput {
  url: string;
  description: string | null;
  eventType: string;
  receptionNumber: string | null;
  firstTryAt: string;
  lastError: string;
  disabledAt: string;
  windowHours: number;
}

/**
 * The subscription is named by its URL and description (people read this mail; ids stay in the API), with what to
 * do: fix the receiver, then subscribe again (a disabled subscription sends nothing more).
 */
export function renderWebhookDisabled(input: WebhookDisabledInput): RenderedMail {
  return {
    subject: '【JPKI失効情報提供手続】Webhook の配信を停止しました',
    body: lines(
      'Webhook ご担当者様',
      '',
      `ご登録の Webhook へ ${input.windowHours} 時間にわたり配信できなかったため、この登録による配信を停止しました。`,
      '受信側を確認のうえ、あらためて登録してください(登録し直すまで、以後のイベントはお送りしません)。',
      '',
      `配信先URL: ${input.url}`,
      input.description ? `説明: ${input.description}` : false,
      `配信できなかったイベント: ${input.eventType}`,
      input.receptionNumber ? `受付番号: ${input.receptionNumber}` : false,
      `最初の配信試行: ${jst(input.firstTryAt)}`,
      `停止日時: ${jst(input.disabledAt)}`,
      `最後のエラー: ${input.lastError}`,
      '',
      '配信の記録は API(GET /api/v1/webhooks/{id}/deliveries)で確認できます。',
      '',
      'We could not deliver to your webhook for the whole retry period, so the subscription has been disabled.',
      'Check the receiver, then subscribe again.',
      '',
      '--',
      `${JLIS_NAME} ${JLIS_UNIT}`,
      `このメールは「${SYSTEM_NAME}」から自動送信しています。`,
    ),
  };
}

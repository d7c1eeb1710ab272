import type { WebhookAttemptView, WebhookDeliveryView, WebhookView } from '@jlis/contracts';
import type { DeliveryRow, SubscriptionRow } from './webhooks.repository';

/** Subscriptions and deliveries as their owners and operators read them. */
export function toWebhookView(r: SubscriptionRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    eventTypes: r.event_types,
    contactEmail: r.contact_email,
    description: r.description,
    ownerRole: r.owner_role,
    ownerOrganizationCode: r.owner_org,
    ownerContractorId: r.owner_contractor,
    status: r.status,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at ? new Date(r.disabled_at).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    secretSetAt: new Date(r.secret_set_at).toISOString(),
  };
}

export function toDeliveryView(r: DeliveryRow, tries: WebhookAttemptView[]): WebhookDeliveryView {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    applicationId: r.application_id,
    receptionNumber: r.reception_number,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
    lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(),
    deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
    body: r.body,
    tries,
  };
}

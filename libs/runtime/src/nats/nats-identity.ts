import { SERVICES } from '@jlis/contracts';

/**
 * The NATS identities of deploy/nats/nats-server.conf: one per service, the gateway, and the provisioning identity
 * (streams, consumers, buckets). Each is an nkey user with the permissions of deploy/nats/permissions.conf.
 */
export const NATS_IDENTITIES = [...SERVICES, 'gateway', 'provision'] as const;

/** Identities of deploy/nats/nats-server.test.conf only: raw event publication in tests, the bench baseline. */
export const TEST_NATS_IDENTITIES = ['replay', 'bench'] as const;

export type NatsIdentity = (typeof NATS_IDENTITIES)[number] | (typeof TEST_NATS_IDENTITIES)[number];

/**
 * Every identity receives replies on its own inbox subjects only (its permission covers `<prefix>.>` and nothing
 * else), so no identity can read the replies meant for another.
 */
export function inboxPrefixOf(identity: string): string {
  return `_INBOX_${identity}`;
}

/** The environment variable nats-server reads an identity's public nkey from (deploy/nats/*.conf). */
export function natsPublicKeyVariable(identity: string): string {
  return `NATS_PUBKEY_${identity.toUpperCase()}`;
}

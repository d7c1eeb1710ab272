import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A key that encrypts signing secrets at rest (WEBHOOK_SECRET_KEYS). */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/**
 * `<id>:<base64 of 32 bytes>`, comma-separated; the first encrypts, every one decrypts. Throws a sentence naming the
 * variable (config stops the service with it).
 */
export function parseSecretKeys(value: string): SecretKey[] {
  const keys = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part);
      const key = match ? Buffer.from(match[2], 'base64') : undefined;
      if (!match || key?.length !== 32)
        throw new Error(
          'WEBHOOK_SECRET_KEYS must be <id>:<base64 of 32 random bytes>, comma-separated (e.g. k2026:$(openssl rand -base64 32)).',
        );
      return { id: match[1], key: key };
    });
  if (keys.length === 0) throw new Error('WEBHOOK_SECRET_KEYS must name at least one key.');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('WEBHOOK_SECRET_KEYS repeats a key id.');
  return keys;
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** What is stored: the id of the key that encrypted it and `iv.tag.ciphertext` (AES-256-GCM, base64). */
export interface SealedSecret {
  keyId: string;
  sealed: string;
}

export function sealSecret(secret: string, key: SecretKey): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { keyId: key.id, sealed: [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.') };
}

export function openSecret(stored: SealedSecret, keys: SecretKey[]): string {
  const key = keys.find((k) => k.id === stored.keyId);
  if (!key)
    throw new Error(`webhook secret encrypted with key "${stored.keyId}", which WEBHOOK_SECRET_KEYS no longer lists`);
  const [iv, tag, body] = stored.sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/**
 * `webhook-signature` of Standard Webhooks: `v1,` and base64 of HMAC-SHA256 over `<id>.<timestamp>.<body>`, keyed with
 * the bytes the secret's base64 (after `whsec_`) encodes.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** What a receiver does (docs/api.md § Webhooks); used by the tests as a portal would. */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, headers.id, Number(headers.timestamp), body).slice(3));
  return headers.signature.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',');
    const given = Buffer.from(signature ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

import { createHmac } from 'node:crypto';
import {
  newSigningSecret,
  openSecret,
  parseSecretKeys,
  sealSecret,
  signWebhook,
  verifyWebhook,
} from './webhook-secrets';

const KEY_A = `a:${Buffer.alloc(32, 1).toString('base64')}`;
const KEY_B = `b:${Buffer.alloc(32, 2).toString('base64')}`;

describe('webhook secrets', () => {
  it('signs as the Standard Webhooks example does', () => {
    // The example of the Standard Webhooks specification (standard-webhooks/standard-webhooks, spec/standard-webhooks.md).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    const sut = signWebhook(secret, id, 1614265330, body);
    expect(sut).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('keys the HMAC with the bytes of the base64 after whsec_, not with the text', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const raw = Buffer.from(secret.slice(6), 'base64');
    const expected = createHmac('sha256', raw).update('id.1.{}').digest('base64');
    expect(signWebhook(secret, 'id', 1, '{}')).toBe(`v1,${expected}`);
  });

  it('verifies its own signature and refuses another body or secret', () => {
    const secret = newSigningSecret();
    const signature = signWebhook(secret, 'm1', 1700000000, '{"a":1}');
    const headers = { id: 'm1', timestamp: '1700000000', signature: `v1,bogus ${signature}` };
    expect(verifyWebhook(secret, headers, '{"a":1}')).toBe(true);
    expect(verifyWebhook(secret, headers, '{"a":2}')).toBe(false);
    expect(verifyWebhook(newSigningSecret(), headers, '{"a":1}')).toBe(false);
  });

  it('encrypts at rest and decrypts with the key named, also after a new key was put first', () => {
    const secret = newSigningSecret();
    const [a] = parseSecretKeys(KEY_A);
    const sealed = sealSecret(secret, a);
    expect(sealed.keyId).toBe('a');
    expect(sealed.sealed).not.toContain(secret.slice(6, 20));
    expect(openSecret(sealed, parseSecretKeys(`${KEY_B},${KEY_A}`))).toBe(secret);
    expect(() => openSecret(sealed, parseSecretKeys(KEY_B))).toThrow('no longer lists');
  });

  it('refuses a key that is not 32 bytes, or a repeated id, with a sentence naming the variable', () => {
    expect(() => parseSecretKeys('a:c2hvcnQ=')).toThrow('WEBHOOK_SECRET_KEYS must be');
    expect(() => parseSecretKeys(`${KEY_A},${KEY_A}`)).toThrow('repeats a key id');
    expect(() => parseSecretKeys('')).toThrow('at least one key');
  });
});

import type { Caller } from '@jlis/contracts';
import { generateKeyPairSync } from 'node:crypto';
import { DomainError } from '../errors/domain-error';
import { CallerAssertionSigner, CallerAssertionVerifier, publicKeyText } from './caller-assertion';

const operator: Caller = { sub: 'op-1', role: 'operator' };
const applicant: Caller = { sub: 'a-1', role: 'applicant', org: '131016' };
const subject = 'intake.application.get';
const payload = { caller: applicant, applicationId: '0b6f8c1e-5d7e-4c55-9d51-6f7b0a3f2c11' };
const key = () => generateKeyPairSync('ed25519').privateKey;

const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
};

describe(CallerAssertionVerifier.name, () => {
  let now: number;
  let signer: CallerAssertionSigner;
  let sut: CallerAssertionVerifier;

  beforeEach(() => {
    now = Date.parse('2026-11-30T01:00:00Z');
    signer = new CallerAssertionSigner(key(), () => now);
    sut = new CallerAssertionVerifier([signer.publicKey], () => now);
  });

  it('returns the caller the gateway signed for this subject and payload', () => {
    expect(sut.verify(signer.sign(subject, payload, applicant), subject, payload)).toEqual(applicant);
    expect(sut.verify(signer.sign(subject, {}, null), subject, {})).toBeNull();
  });

  it('asserts only the fields of a caller, whatever else the object carries', () => {
    const extra = { ...operator, admin: true } as Caller;
    expect(sut.verify(signer.sign(subject, payload, extra), subject, payload)).toEqual(operator);
  });

  it('refuses a request without an assertion', () => {
    expect(refusal(() => sut.verify(undefined, subject, payload)).code).toBe('CALLER_ASSERTION_MISSING');
    expect(refusal(() => sut.verify('', subject, payload)).code).toBe('CALLER_ASSERTION_MISSING');
  });

  it('refuses an assertion signed with another key, altered, or garbled', () => {
    const forger = new CallerAssertionSigner(key(), () => now);
    expect(refusal(() => sut.verify(forger.sign(subject, payload, operator), subject, payload)).code).toBe(
      'CALLER_ASSERTION_INVALID',
    );
    const [header, , signature] = signer.sign(subject, payload, applicant).split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ jti: 'x', sub: subject, dig: 'x', iat: 0, exp: 9e9, caller: operator }),
    ).toString('base64url');
    expect(refusal(() => sut.verify(`${header}.${forgedBody}.${signature}`, subject, payload)).code).toBe(
      'CALLER_ASSERTION_INVALID',
    );
    expect(refusal(() => sut.verify('not.an.assertion', subject, payload)).code).toBe('CALLER_ASSERTION_INVALID');
    expect(refusal(() => sut.verify(`${header}.${forgedBody}`, subject, payload)).code).toBe(
      'CALLER_ASSERTION_INVALID',
    );
  });

  it('refuses an assertion made for another subject or another payload', () => {
    const token = signer.sign(subject, payload, applicant);
    expect(refusal(() => sut.verify(token, 'intake.application.withdraw', payload)).code).toBe(
      'CALLER_ASSERTION_INVALID',
    );
    // The payload's caller replaced by an operator: the digest no longer matches.
    expect(refusal(() => sut.verify(token, subject, { ...payload, caller: operator })).code).toBe(
      'CALLER_ASSERTION_INVALID',
    );
  });

  it('refuses an expired assertion (30 seconds)', () => {
    const token = signer.sign(subject, payload, applicant);
    now += 30_000;
    expect(refusal(() => sut.verify(token, subject, payload)).code).toBe('CALLER_ASSERTION_EXPIRED');
  });

  it('refuses an assertion used twice, and forgets ids once they expired', () => {
    const token = signer.sign(subject, payload, applicant);
    sut.verify(token, subject, payload);
    expect(refusal(() => sut.verify(token, subject, payload)).code).toBe('CALLER_ASSERTION_REPLAYED');
    for (let i = 0; i < 5; i++) sut.verify(signer.sign(subject, payload, applicant), subject, payload);
    expect(sut.remembered).toBe(6);
    now += 31_000;
    sut.verify(signer.sign(subject, payload, applicant), subject, payload);
    expect(sut.remembered).toBe(1);
  });

  it('accepts every listed gateway key while one is rotated', () => {
    const next = new CallerAssertionSigner(key(), () => now);
    const both = new CallerAssertionVerifier([signer.publicKey, next.publicKey], () => now);
    expect(both.verify(signer.sign(subject, payload, applicant), subject, payload)).toEqual(applicant);
    expect(both.verify(next.sign(subject, payload, applicant), subject, payload)).toEqual(applicant);
    expect(publicKeyText(key())).toMatch(/^[\w-]{43}$/);
  });
});

import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/load-config';
import {
  CallerAssertionSigner,
  CallerAssertionVerifier,
  privateKeyFromPem,
  publicKeyFromText,
} from './caller-assertion';

/** Services: the gateway's public key(s), comma- or line-separated; several while a key is being rotated. */
export interface CallerAssertionPublicSettings {
  CALLER_ASSERTION_PUBLIC_KEYS?: string;
  CALLER_ASSERTION_PUBLIC_KEYS_FILE?: string;
}

/** The gateway: its Ed25519 private key as PKCS#8 PEM, given directly or as a file (a mounted secret). */
export interface CallerAssertionPrivateSettings {
  CALLER_ASSERTION_PRIVATE_KEY?: string;
  CALLER_ASSERTION_PRIVATE_KEY_FILE?: string;
}

const read = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

function publicKeyList(settings: CallerAssertionPublicSettings): string[] | undefined {
  const text =
    settings.CALLER_ASSERTION_PUBLIC_KEYS ??
    (settings.CALLER_ASSERTION_PUBLIC_KEYS_FILE ? read(settings.CALLER_ASSERTION_PUBLIC_KEYS_FILE) : undefined);
  return text?.split(/[\s,]+/).filter(Boolean);
}

export function callerAssertionPublicKeyProblems(settings: CallerAssertionPublicSettings): string[] {
  const file = settings.CALLER_ASSERTION_PUBLIC_KEYS_FILE;
  if (settings.CALLER_ASSERTION_PUBLIC_KEYS && file)
    return ['Set CALLER_ASSERTION_PUBLIC_KEYS or CALLER_ASSERTION_PUBLIC_KEYS_FILE, not both.'];
  if (file && read(file) === undefined)
    return [`CALLER_ASSERTION_PUBLIC_KEYS_FILE cannot be read (got ${JSON.stringify(file)}).`];
  const bad = (publicKeyList(settings) ?? []).filter((text) => {
    try {
      publicKeyFromText(text);
      return false;
    } catch {
      return true;
    }
  });
  return bad.length
    ? [
        `CALLER_ASSERTION_PUBLIC_KEYS must list Ed25519 public keys, 43 base64url characters each (got ${JSON.stringify(bad[0])}).`,
      ]
    : [];
}

/** The verifier of a domain service; a service cannot run without the gateway's key (exit 78 through runMain). */
export function callerAssertionVerifier(settings: CallerAssertionPublicSettings): CallerAssertionVerifier {
  const keys = publicKeyList(settings) ?? [];
  if (keys.length === 0) {
    throw new ConfigError([
      "CALLER_ASSERTION_PUBLIC_KEYS (or CALLER_ASSERTION_PUBLIC_KEYS_FILE) must name the gateway's public key: services take the caller only from assertions the gateway signed (it is not set).",
    ]);
  }
  return new CallerAssertionVerifier(keys);
}

function privateKeyPem(settings: CallerAssertionPrivateSettings): string | undefined {
  const file = settings.CALLER_ASSERTION_PRIVATE_KEY_FILE;
  return settings.CALLER_ASSERTION_PRIVATE_KEY ?? (file ? read(file) : undefined);
}

export function callerAssertionPrivateKeyProblems(settings: CallerAssertionPrivateSettings): string[] {
  const file = settings.CALLER_ASSERTION_PRIVATE_KEY_FILE;
  if (settings.CALLER_ASSERTION_PRIVATE_KEY && file)
    return ['Set CALLER_ASSERTION_PRIVATE_KEY or CALLER_ASSERTION_PRIVATE_KEY_FILE, not both.'];
  if (file && read(file) === undefined)
    return [`CALLER_ASSERTION_PRIVATE_KEY_FILE cannot be read (got ${JSON.stringify(file)}).`];
  const pem = privateKeyPem(settings);
  if (pem === undefined) {
    return [
      'CALLER_ASSERTION_PRIVATE_KEY or CALLER_ASSERTION_PRIVATE_KEY_FILE must be set: the gateway signs the caller of every request with it (an Ed25519 key in PKCS#8 PEM).',
    ];
  }
  try {
    privateKeyFromPem(pem);
    return [];
  } catch {
    return [
      `CALLER_ASSERTION_PRIVATE_KEY${file ? '_FILE' : ''} must hold an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)${file ? ` (got ${JSON.stringify(file)})` : ''}.`,
    ];
  }
}

/** The gateway's signer (call after the settings passed callerAssertionPrivateKeyProblems). */
export function callerAssertionSigner(settings: CallerAssertionPrivateSettings): CallerAssertionSigner {
  return new CallerAssertionSigner(privateKeyFromPem(privateKeyPem(settings) ?? ''));
}

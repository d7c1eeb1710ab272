import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { privateKeyFromPem, publicKeyText } from '../security/caller-assertion';

/** The gateway's caller-assertion key: the PEM file (for the gateway) and its public key (for the services). */
export interface CallerAssertionKey {
  privateKeyFile: string;
  privateKeyPem: string;
  publicKey: string;
}

/**
 * A development key, generated on first use into `file` (an ignored folder such as .data/credentials, or a test's
 * temporary folder), mode 0600, and reused afterwards. Production keys come from the secret store.
 */
export function ensureCallerAssertionKey(file: string): CallerAssertionKey {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  const privateKeyPem = readFileSync(file, 'utf8');
  return { privateKeyFile: file, privateKeyPem, publicKey: publicKeyText(privateKeyFromPem(privateKeyPem)) };
}

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nkeys } from 'nats';
import { natsPublicKeyVariable } from '../nats/nats-identity';

/** nkey seeds of some identities and their public keys (what nats-server's configuration names). */
export interface NatsCredentials {
  dir: string;
  seeds: Record<string, string>;
  publicKeys: Record<string, string>;
  /** The file holding an identity's seed (for NATS_NKEY_SEED_FILE). */
  seedFile(identity: string): string;
  /** NATS_PUBKEY_<IDENTITY> for every identity: the environment nats-server reads deploy/nats/*.conf with. */
  serverEnv(): Record<string, string>;
}

/**
 * Development and test credentials: one nkey per identity, generated on first use into `dir` (an ignored folder
 * such as .data/credentials/nats, or a test's temporary folder), mode 0600, and reused afterwards. Nothing of
 * this is committed: a committed seed would be a default secret again.
 */
export function ensureNatsCredentials(dir: string, identities: readonly string[]): NatsCredentials {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const seeds: Record<string, string> = {};
  const publicKeys: Record<string, string> = {};
  const seedFile = (identity: string) => join(dir, `${identity}.nk`);
  for (const identity of identities) {
    const file = seedFile(identity);
    if (!existsSync(file)) {
      writeFileSync(file, `${new TextDecoder().decode(nkeys.createUser().getSeed())}\n`, { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    seeds[identity] = readFileSync(file, 'utf8').trim();
    publicKeys[identity] = nkeys.fromSeed(new TextEncoder().encode(seeds[identity])).getPublicKey();
  }
  return {
    dir,
    seeds,
    publicKeys,
    seedFile,
    serverEnv: () =>
      Object.fromEntries(Object.entries(publicKeys).map(([identity, key]) => [natsPublicKeyVariable(identity), key])),
  };
}

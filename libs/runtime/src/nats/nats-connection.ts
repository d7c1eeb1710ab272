import { existsSync, readFileSync } from 'node:fs';
import { ConnectionOptions, nkeyAuthenticator } from 'nats';
import { inboxPrefixOf } from './nats-identity';

/** The NATS settings of the shared service configuration (ServiceConfig). */
export interface NatsSettings {
  NODE_ENV: string;
  NATS_URL: string;
  NATS_NKEY_SEED?: string;
  NATS_NKEY_SEED_FILE?: string;
  NATS_TLS_CA_FILE?: string;
  NATS_TLS_CERT_FILE?: string;
  NATS_TLS_KEY_FILE?: string;
}

const SEED = /^SU[A-Z2-7]{56}$/;

function seedOf(settings: NatsSettings): string | undefined {
  if (settings.NATS_NKEY_SEED) return settings.NATS_NKEY_SEED;
  if (settings.NATS_NKEY_SEED_FILE) return readFileSync(settings.NATS_NKEY_SEED_FILE, 'utf8').trim();
  return undefined;
}

/** Sentences for ServiceConfig.crossCheck: seed and TLS files that are missing, unreadable or not what they say. */
export function natsSettingProblems(settings: NatsSettings): string[] {
  const problems: string[] = [];
  const file = settings.NATS_NKEY_SEED_FILE;
  if (settings.NATS_NKEY_SEED && file) problems.push('Set NATS_NKEY_SEED or NATS_NKEY_SEED_FILE, not both.');
  else if (file) {
    let seed: string | undefined;
    try {
      seed = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`NATS_NKEY_SEED_FILE cannot be read (got ${JSON.stringify(file)}).`);
    }
    if (seed !== undefined && !SEED.test(seed))
      problems.push(
        `NATS_NKEY_SEED_FILE must hold an nkey user seed, 58 characters starting SU (got ${JSON.stringify(file)}).`,
      );
  } else if (!settings.NATS_NKEY_SEED && settings.NODE_ENV === 'production') {
    problems.push(
      'NATS_NKEY_SEED or NATS_NKEY_SEED_FILE must be set in production: every process connects to NATS with its own identity.',
    );
  }
  if (!!settings.NATS_TLS_CERT_FILE !== !!settings.NATS_TLS_KEY_FILE)
    problems.push('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together (a client certificate and its key).');
  for (const name of ['NATS_TLS_CA_FILE', 'NATS_TLS_CERT_FILE', 'NATS_TLS_KEY_FILE'] as const) {
    const path = settings[name];
    if (path && !existsSync(path)) problems.push(`${name} must name a readable file (got ${JSON.stringify(path)}).`);
  }
  return problems;
}

/**
 * Connection options of one process: its nkey (when configured; a server with accounts refuses anyone else), its
 * own inbox prefix (the only replies its permissions let it read), TLS when asked for, and endless reconnection.
 */
export function natsConnectionOptions(settings: NatsSettings, identity: string, name: string): ConnectionOptions {
  const seed = seedOf(settings);
  const servers = settings.NATS_URL.split(',');
  const tlsWanted = servers.some((s) => s.startsWith('tls://')) || !!settings.NATS_TLS_CA_FILE;
  return {
    servers,
    name,
    inboxPrefix: inboxPrefixOf(identity),
    ...(seed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) } : {}),
    ...(tlsWanted
      ? {
          tls: {
            ...(settings.NATS_TLS_CA_FILE ? { caFile: settings.NATS_TLS_CA_FILE } : {}),
            ...(settings.NATS_TLS_CERT_FILE ? { certFile: settings.NATS_TLS_CERT_FILE } : {}),
            ...(settings.NATS_TLS_KEY_FILE ? { keyFile: settings.NATS_TLS_KEY_FILE } : {}),
          },
        }
      : {}),
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
  };
}

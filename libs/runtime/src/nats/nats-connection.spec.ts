import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from 'nats';
import { natsConnectionOptions, natsSettingProblems } from './nats-connection';

const seed = () => new TextDecoder().decode(nkeys.createUser().getSeed());
const base = { NODE_ENV: 'development', NATS_URL: 'nats://127.0.0.1:4222' };

describe(natsConnectionOptions.name, () => {
  it('gives each identity its own inbox prefix, the one its permissions allow it to read', () => {
    const sut = natsConnectionOptions({ ...base, NATS_NKEY_SEED: seed() }, 'cards', 'cards-rpc');
    expect(sut).toMatchObject({ name: 'cards-rpc', inboxPrefix: '_INBOX_cards', servers: ['nats://127.0.0.1:4222'] });
    expect(sut.authenticator).toBeDefined();
  });

  it('reads the seed from a file (a mounted secret), and turns TLS on for tls:// URLs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jlis-seed-'));
    writeFileSync(join(dir, 'gateway.nk'), `${seed()}\n`);
    const sut = natsConnectionOptions(
      { ...base, NATS_URL: 'tls://nats.example.jp:4222', NATS_NKEY_SEED_FILE: join(dir, 'gateway.nk') },
      'gateway',
      'gateway',
    );
    expect(sut.authenticator).toBeDefined();
    expect(sut.tls).toEqual({});
  });

  it('connects without an nkey when none is configured (a server with accounts then refuses it)', () => {
    expect(natsConnectionOptions(base, 'intake', 'intake').authenticator).toBeUndefined();
  });
});

describe(natsSettingProblems.name, () => {
  it('requires an identity in production', () => {
    expect(natsSettingProblems({ ...base, NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('NATS_NKEY_SEED or NATS_NKEY_SEED_FILE must be set in production'),
    ]);
    expect(natsSettingProblems({ ...base, NODE_ENV: 'production', NATS_NKEY_SEED: seed() })).toEqual([]);
  });

  it('names a seed file that cannot be read or holds no seed, and half a client certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jlis-seed-'));
    writeFileSync(join(dir, 'bad.nk'), 'not a seed');
    expect(natsSettingProblems({ ...base, NATS_NKEY_SEED_FILE: join(dir, 'missing.nk') })).toEqual([
      expect.stringContaining('NATS_NKEY_SEED_FILE cannot be read'),
    ]);
    expect(natsSettingProblems({ ...base, NATS_NKEY_SEED_FILE: join(dir, 'bad.nk') })).toEqual([
      expect.stringContaining('NATS_NKEY_SEED_FILE must hold an nkey user seed'),
    ]);
    expect(natsSettingProblems({ ...base, NATS_TLS_CERT_FILE: join(dir, 'bad.nk') })).toEqual([
      expect.stringContaining('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together'),
    ]);
  });
});

import { EVENTS_STREAM } from '@jlis/contracts';
import { natsPublicKeyVariable, natsConfigDir, NATS_IDENTITIES, TEST_NATS_IDENTITIES } from '@jlis/runtime';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AckPolicy, connect, NatsConnection, nanos, nkeyAuthenticator, nkeys } from 'nats';
import { TestSuite } from '../suite';

/**
 * The NATS server runs with the repository's accounts and permissions (deploy/nats): these tests prove what each
 * identity cannot do. The service under the requests is intake; its answers do not matter here, only who may ask.
 */
describe('NATS identities and permissions (deploy/nats)', () => {
  let suite: TestSuite;
  const open: NatsConnection[] = [];
  const as = async (identity: Parameters<TestSuite['nats']['connect']>[0]) => {
    const nc = await suite.nats.connect(identity, `${identity}-probe`);
    open.push(nc);
    return nc;
  };
  const refused = (promise: Promise<unknown>) =>
    expect(promise).rejects.toMatchObject({ code: 'PERMISSIONS_VIOLATION' });
  /** Subscribing is asynchronous: the server's refusal comes back as an error on the subscription. */
  const subscriptionRefused = (nc: NatsConnection, subject: string, queue?: string) =>
    new Promise<string>((resolve) => {
      nc.subscribe(subject, { queue, callback: (error) => error && resolve(error.message) });
      void nc.flush();
    });

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake'] });
  }, 120_000);

  afterAll(async () => {
    for (const nc of open) await nc.close().catch(() => undefined);
    await suite?.destroy();
  });

  it('refuses a connection without a known identity, so nobody anonymous publishes an event or calls a service', async () => {
    await expect(connect({ servers: suite.nats.url, maxReconnectAttempts: 0 })).rejects.toMatchObject({
      code: 'AUTHORIZATION_VIOLATION',
    });
    const stranger = nkeys.createUser().getSeed();
    await expect(
      connect({ servers: suite.nats.url, authenticator: nkeyAuthenticator(stranger), maxReconnectAttempts: 0 }),
    ).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it("lets a service publish its own events and never another service's; the gateway publishes none", async () => {
    const intake = await as('intake');
    await expect(intake.jetstream().publish('evt.intake.identity.probed', 'probe')).resolves.toMatchObject({
      stream: EVENTS_STREAM,
    });
    await refused(intake.jetstream().publish('evt.cards.loan.opened', 'forged'));
    await refused((await as('gateway')).jetstream().publish('evt.intake.application.requested', 'forged'));
    const jsm = await (await as('provision')).jetstreamManager();
    for (const subject of ['evt.cards.loan.opened', 'evt.intake.application.requested']) {
      await expect(jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: subject })).rejects.toThrow(/no message/i);
    }
  });

  it('lets only the gateway send requests to a service', async () => {
    // A request as Nest's transport frames it; what intake answers does not matter here, only that it answers.
    const packet = JSON.stringify({ id: 'probe', pattern: 'intake.application.list', data: {} });
    const request = (nc: NatsConnection) => nc.request('intake.application.list', packet, { timeout: 3000 });
    await refused(request(await as('documents')));
    await refused(request(await as('replay')));
    await refused(request(await as('provision')));
    expect((await request(await as('gateway'))).json()).toMatchObject({ id: 'probe' });
  });

  it("keeps every identity's replies and requests away from the others", async () => {
    const documents = await as('documents');
    expect(await subscriptionRefused(documents, '_INBOX_gateway.>')).toMatch(/Permissions Violation/);
    expect(await subscriptionRefused(documents, '_INBOX.>')).toMatch(/Permissions Violation/);
    expect(await subscriptionRefused(documents, 'intake.>', 'intake')).toMatch(/Permissions Violation/);
    // Not even intake may listen to its own requests outside its queue group.
    expect(await subscriptionRefused(await as('intake'), 'intake.>')).toMatch(/Permissions Violation/);
    expect(await subscriptionRefused(await as('gateway'), '_INBOX_intake.>')).toMatch(/Permissions Violation/);
  });

  it('leaves the stream, the consumers and the bucket to the provisioning identity', async () => {
    const jsm = await (await as('intake')).jetstreamManager();
    await refused(jsm.streams.update(EVENTS_STREAM, { max_age: nanos(1000) }));
    await refused(jsm.streams.delete(EVENTS_STREAM));
    await refused(jsm.consumers.add(EVENTS_STREAM, { durable_name: 'sneaky', ack_policy: AckPolicy.Explicit }));
    await refused(jsm.consumers.info(EVENTS_STREAM, 'cards'));
    await refused(jsm.streams.purge('OBJ_documents'));
    await expect(jsm.consumers.info(EVENTS_STREAM, 'intake')).resolves.toMatchObject({ name: 'intake' });
    const admin = await (await as('provision')).jetstreamManager();
    const info = await admin.streams.info(EVENTS_STREAM);
    await expect(admin.streams.update(EVENTS_STREAM, { max_age: info.config.max_age })).resolves.toBeDefined();
  });

  it('runs the production configuration with the same users as the tests, less the test-only ones', () => {
    const dir = natsConfigDir();
    const users = (file: string) =>
      [...readFileSync(join(dir, file), 'utf8').matchAll(/nkey: \$(NATS_PUBKEY_\w+), permissions: \$(\w+)/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
    const production = users('nats-server.conf');
    expect(production.map((u) => u.split(' ')[0]).sort()).toEqual(NATS_IDENTITIES.map(natsPublicKeyVariable).sort());
    expect(users('nats-server.test.conf').sort()).toEqual(
      [
        ...production,
        ...TEST_NATS_IDENTITIES.map((i) => `${natsPublicKeyVariable(i)} ${i.toUpperCase()}_PERMISSIONS`),
      ].sort(),
    );
    const check = (env: Record<string, string>) =>
      spawnSync('nats-server', ['-c', join(dir, 'nats-server.conf'), '-t'], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
    const env = suite.nats.credentials.serverEnv();
    expect(check(env).status).toBe(0);
    const { NATS_PUBKEY_CARDS: _missing, ...withoutCards } = env;
    const broken = check(withoutCards);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr + broken.stdout).toContain('NATS_PUBKEY_CARDS');
  });
});

import { INestMicroservice } from '@nestjs/common';
import { Caller, HealthCheck, RpcErrorPayload } from '@jlis/contracts';
import {
  CALLER_ASSERTION_HEADER,
  CallerAssertionSigner,
  DomainError,
  loadConfig,
  privateKeyFromPem,
  RpcClient,
  ServiceConfig,
  startService,
} from '@jlis/runtime';
import { generateKeyPairSync } from 'node:crypto';
import { headers as natsHeaders, MsgHdrs, NatsConnection } from 'nats';
import { createTestDatabase, TestDatabase } from '../database';
import { startAll, stopTestServer } from '../start-all';
import { startNats, TestNats } from '../nats-server';
import { PING_WHO, producerModule } from './ping.fixtures';

const operator: Caller = { sub: 'op-1', role: 'operator' };
const applicant: Caller = { sub: 'a-1', role: 'applicant', org: '131016' };

/**
 * A service takes the caller only from the gateway's signed assertion. The requests here are sent as raw NATS
 * messages with the gateway's own identity — what a process holding that identity, but not the gateway's key,
 * could send.
 */
describe('caller assertions (a service refuses any caller the gateway did not sign)', () => {
  let db: TestDatabase;
  let nats: TestNats;
  let app: INestMicroservice;
  let gateway: NatsConnection;
  let signer: CallerAssertionSigner;

  beforeAll(async () => {
    [db, nats] = await startAll<[TestDatabase, TestNats]>([createTestDatabase, () => startNats()], stopTestServer);
    const config = loadConfig(ServiceConfig, {
      DATABASE_URL: db.serviceUrl('intake'),
      ...nats.env('intake'),
      LOG_LEVEL: 'silent',
    });
    app = await startService('intake', producerModule(config), config);
    gateway = await nats.connect('gateway', 'assertion-probe');
    signer = nats.callerSigner();
  });

  afterAll(async () => {
    await gateway?.close();
    await app?.close();
    await nats?.destroy();
    await db?.drop();
  });

  /** One request framed as Nest's transport frames it; answers the response, or the coded error. */
  const send = async (data: object, headers?: MsgHdrs) => {
    const msg = await gateway.request(PING_WHO, JSON.stringify({ id: 'probe', pattern: PING_WHO, data }), {
      timeout: 5000,
      headers,
    });
    return msg.json<{ response?: unknown; err?: RpcErrorPayload }>();
  };
  const signed = (token: string) => {
    const h = natsHeaders();
    h.set(CALLER_ASSERTION_HEADER, token);
    return h;
  };
  const code = async (data: object, headers?: MsgHdrs) => (await send(data, headers)).err?.code;

  it('gives the handler the caller of a valid assertion, in the payload and in the request context', async () => {
    const data = { caller: applicant, text: 'who' };
    expect(await send(data, signed(signer.sign(PING_WHO, data, applicant)))).toMatchObject({
      response: { payload: applicant, context: applicant },
    });
  });

  it('refuses a request without an assertion', async () => {
    expect(await code({ caller: operator, text: 'who' })).toBe('CALLER_ASSERTION_MISSING');
  });

  it('refuses an assertion signed with a key the service does not know (a forgery)', async () => {
    const forger = new CallerAssertionSigner(generateKeyPairSync('ed25519').privateKey);
    const data = { caller: operator, text: 'who' };
    expect(await code(data, signed(forger.sign(PING_WHO, data, operator)))).toBe('CALLER_ASSERTION_INVALID');
  });

  it('refuses a payload whose caller was changed after signing, and an assertion made for another subject', async () => {
    const data = { caller: applicant, text: 'who' };
    const token = signer.sign(PING_WHO, data, applicant);
    expect(await code({ ...data, caller: operator }, signed(token))).toBe('CALLER_ASSERTION_INVALID');
    const elsewhere = signer.sign('intake.application.withdraw', data, applicant);
    expect(await code(data, signed(elsewhere))).toBe('CALLER_ASSERTION_INVALID');
  });

  it('refuses an expired assertion', async () => {
    const { privateKeyPem } = nats.callerKey;
    const late = new CallerAssertionSigner(privateKeyFromPem(privateKeyPem), () => Date.now() - 31_000);
    const data = { caller: operator, text: 'who' };
    expect(await code(data, signed(late.sign(PING_WHO, data, operator)))).toBe('CALLER_ASSERTION_EXPIRED');
  });

  it('refuses an assertion used a second time', async () => {
    const data = { caller: operator, text: 'who' };
    const headers = signed(signer.sign(PING_WHO, data, operator));
    expect((await send(data, headers)).response).toBeDefined();
    expect(await code(data, headers)).toBe('CALLER_ASSERTION_REPLAYED');
  });

  it('never takes the caller from the payload: an assertion naming no caller is refused for a request with one', async () => {
    const data = { caller: operator, text: 'who' };
    expect(await code(data, signed(signer.sign(PING_WHO, data, null)))).toBe('CALLER_ASSERTION_INVALID');
  });

  it('answers health without an assertion (only identities allowed to ask may reach it)', async () => {
    const answer = (await gateway.request(HealthCheck.subject('intake'), '', { timeout: 5000 })).json();
    expect(answer).toMatchObject({ service: 'intake', ok: true });
  });

  it("answers the gateway's client 500, not 401, when a service refuses the gateway's own assertion", async () => {
    const misconfigured = new RpcClient(
      nats.options('gateway', 'misconfigured-gateway'),
      5000,
      new CallerAssertionSigner(generateKeyPairSync('ed25519').privateKey),
    );
    await misconfigured.connect();
    try {
      const failure = await misconfigured.request(PING_WHO, { caller: operator, text: 'who' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DomainError);
      expect(failure).toMatchObject({ code: 'INTERNAL', status: 500 });
      expect((failure as DomainError).cause).toMatchObject({ code: 'CALLER_ASSERTION_INVALID' });
    } finally {
      await misconfigured.close();
    }
  });
});

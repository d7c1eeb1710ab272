import { EVENTS_STREAM, SERVICES } from '@jlis/contracts';
import { loadConfig, ProvisioningSettings, provisionMessaging } from '@jlis/runtime';
import { eventually, startNatsCluster, TestNatsCluster } from '@jlis/testing';
import { JetStreamManager, NatsConnection, StreamInfo } from 'nats';
import { Client } from 'pg';
import { ProcessSuite } from './process-suite';
import { a1Mails, drainedMails, resends, simulate, sleep } from './simulation';

const CASES = 8;

/**
 * The suite on a three-node JetStream cluster (R3) on loopback, services as processes with NATS_URL listing the three
 * nodes: the node leading the EVENTS stream is killed (SIGKILL) in the middle of a simulation and started again.
 * docs/operations.md § Cluster test holds the figures of a run.
 */
describe('a NATS cluster losing a node (three nats-server processes, R3)', () => {
  let suite: ProcessSuite;
  let cluster: TestNatsCluster;
  let provisioner: NatsConnection;
  let jsm: JetStreamManager;
  let pg: Client;

  beforeAll(async () => {
    suite = await ProcessSuite.start({
      // Provisioned first with one replica, as a suite that grew from one NATS server into a cluster was.
      nats: async () => (cluster = await startNatsCluster({ size: 3, provision: { replicas: 1 } })),
    });
    provisioner = await cluster.connect('provision', 'cluster-test');
    jsm = await provisioner.jetstreamManager();
    pg = new Client({ connectionString: suite.pg.url });
    await pg.connect();
  }, 240_000);

  afterAll(async () => {
    await pg?.end();
    await provisioner?.close();
    await suite?.destroy();
  });

  /** The stream's leader and its replicas, each current (caught up) or not, by server name. */
  const placement = (info: StreamInfo) => ({
    leader: info.cluster?.leader,
    replicas: (info.cluster?.replicas ?? []).map((r) => ({ name: r.name, current: r.current })),
  });

  it('raises the stream, its consumers and the files bucket to NATS_STREAM_REPLICAS=3 at provisioning', async () => {
    expect((await jsm.streams.info(EVENTS_STREAM)).config.num_replicas).toBe(1);
    // What npm run migrate and the migrations Job do with the setting, as the provisioning identity.
    const settings = loadConfig(ProvisioningSettings, { NATS_STREAM_REPLICAS: '3' });
    await provisionMessaging(provisioner, {
      eventsMaxAgeMs: settings.eventsMaxAgeMs,
      replicas: settings.NATS_STREAM_REPLICAS,
    });
    const events = await jsm.streams.info(EVENTS_STREAM);
    const files = await jsm.streams.info('OBJ_documents');
    expect([events.config.num_replicas, files.config.num_replicas]).toEqual([3, 3]);
    // Every copy is in place and caught up before a node is lost; the consumers follow their stream.
    await eventually(
      async () => {
        const streams = [await jsm.streams.info(EVENTS_STREAM), await jsm.streams.info('OBJ_documents')];
        const consumers = await Promise.all(SERVICES.map((durable) => jsm.consumers.info(EVENTS_STREAM, durable)));
        return [...streams, ...consumers].every(
          (i) => i.cluster?.leader && i.cluster.replicas?.length === 2 && i.cluster.replicas.every((r) => r.current),
        );
      },
      120_000,
      500,
    );
  }, 180_000);

  it('completes every case with a node killed and restarted mid-run: nothing lost, no effect twice', async () => {
    const started = Date.now();
    const run = simulate(suite.baseUrl, CASES, 0);
    // The node leading the EVENTS stream: losing it forces an election while services publish and consume.
    const victim = cluster.node(placement(await jsm.streams.info(EVENTS_STREAM)).leader!);
    // Into the run: the cases have started and events are flowing.
    await eventually(async () => a1Mails(suite.smtp.mails).size >= 2, 120_000, 250);
    await victim.stop(true);
    const killedAt = Date.now() - started;
    // The rest of the cluster elects a new leader and the suite carries on while the node is down.
    const during = await eventually(
      async () => {
        const leader = placement(await jsm.streams.info(EVENTS_STREAM)).leader;
        return leader && leader !== victim.name ? leader : undefined;
      },
      60_000,
      250,
    );
    await sleep(5000);
    await victim.start();
    const restartedAt = Date.now() - started;
    const { code, summary, stderr } = await run.done;
    if (code) {
      const streams = await Promise.all([EVENTS_STREAM, 'OBJ_documents'].map((s) => jsm.streams.info(s)));
      process.stderr.write(
        `cluster suite logs: ${suite.dumpLogs()}; nats logs: ${cluster.logFile}; streams: ${JSON.stringify(streams.map(placement))}\n`,
      );
    }
    expect({ code, failed: summary.failed, errors: summary.errors, stderr: code ? stderr : '' }).toEqual({
      code: 0,
      failed: 0,
      errors: [],
      stderr: '',
    });
    expect(summary.completed).toBe(CASES);
    const elapsedMs = Date.now() - started;

    // The restarted node catches up: every replica of the stream is current again.
    await eventually(
      async () => {
        const { replicas } = placement(await jsm.streams.info(EVENTS_STREAM));
        return replicas.length === 2 && replicas.every((r) => r.current);
      },
      120_000,
      500,
    );

    // Nothing lost, nothing twice in the stream: every event the services wrote is published, and the stream holds
    // exactly one message per outbox row (a publication retried across the election is absorbed by its msgID).
    await eventually(
      async () => {
        const { rows } = await pg.query<{ n: string }>(outboxCount('published_at IS NULL'));
        return Number(rows[0].n) === 0;
      },
      120_000,
      500,
    );
    const events = Number((await pg.query<{ n: string }>(outboxCount('true'))).rows[0].n);
    expect((await jsm.streams.info(EVENTS_STREAM)).state.messages).toBe(events);

    // No mail twice and none missing: the loopback SMTP server received each stored mail once (notifications was
    // not killed, so not even an identical resend is allowed), and every case's A-1 mail.
    const mails = await drainedMails(suite.smtp);
    const { rows: sent } = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM notifications.mail_message WHERE status = 'sent'`,
    );
    expect(resends(suite.smtp)).toEqual({ realDuplicates: [], identicalResends: 0 });
    expect(mails).toBe(Number(sent[0].n));
    expect(a1Mails(suite.smtp.mails).size).toBe(CASES);
    // Nothing parked on the way.
    const { rows: parked } = await pg.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM intake.dead_letter) + (SELECT count(*) FROM documents.dead_letter)
            + (SELECT count(*) FROM cards.dead_letter) + (SELECT count(*) FROM access.dead_letter)
            + (SELECT count(*) FROM notifications.dead_letter) AS n`,
    );
    expect(Number(parked[0].n)).toBe(0);

    // The figures docs/operations.md § Cluster test reports.
    process.stdout.write(
      `cluster test: ${CASES} cases in ${(elapsedMs / 1000).toFixed(1)} s; killed ${victim.name} (stream leader) at ` +
        `${(killedAt / 1000).toFixed(1)} s, new leader ${during}, restarted at ${(restartedAt / 1000).toFixed(1)} s; ` +
        `${events} events, ${mails} mails, 0 lost, 0 duplicated\n`,
    );
  }, 600_000);
});

/** Outbox rows of every service matching `where` (each service's outbox is in its own schema). */
function outboxCount(where: string): string {
  return `SELECT sum(n) AS n FROM (
    ${['intake', 'documents', 'cards', 'access', 'notifications']
      .map((s) => `SELECT count(*) AS n FROM ${s}.outbox WHERE ${where}`)
      .join(' UNION ALL ')}) t`;
}

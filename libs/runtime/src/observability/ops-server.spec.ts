import pino from 'pino';
import { Metrics } from './metrics';
import { OpsServer } from './ops-server';
import { Readiness } from './readiness';

describe('Readiness', () => {
  it('is false while starting and once stopping, whatever the checks say', async () => {
    const readiness = new Readiness().add('database', async () => true);
    expect(await readiness.state()).toEqual({ ready: false, status: 'starting', checks: { database: true } });
    readiness.started();
    expect(await readiness.state()).toEqual({ ready: true, status: 'ready', checks: { database: true } });
    readiness.stopping();
    readiness.started();
    expect(await readiness.state()).toEqual({ ready: false, status: 'stopping', checks: { database: true } });
  });

  it('is false while a check fails, throws or does not answer in time', async () => {
    const readiness = new Readiness(50)
      .add('ok', async () => true)
      .add('down', async () => false)
      .add('throws', () => Promise.reject(new Error('no')))
      .add('hangs', () => new Promise(() => undefined));
    readiness.started();
    expect(await readiness.state()).toEqual({
      ready: false,
      status: 'not-ready',
      checks: { ok: true, down: false, throws: false, hangs: false },
    });
  });
});

describe('OpsServer', () => {
  const logger = pino({ level: 'silent' });

  it('serves live, ready (503 when not) and metrics with the readiness gauge; port 0 turns it off', async () => {
    const metrics = new Metrics('cards');
    let database = true;
    const readiness = new Readiness().add('database', async () => database);
    const server = new OpsServer(metrics, readiness, logger);
    expect(await new OpsServer(metrics, readiness, logger).listen(0)).toBeUndefined();
    const port = await server.listen(await freePort(), '127.0.0.1');
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    try {
      expect((await get('/health/live')).status).toBe(200);
      expect((await get('/health/ready')).status).toBe(503);
      readiness.started();
      expect((await get('/health/ready')).status).toBe(200);
      expect(await (await get('/metrics')).text()).toContain('jlis_ready{service="cards"} 1');
      database = false;
      const notReady = await get('/health/ready');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ ready: false, status: 'not-ready', checks: { database: false } });
      expect(await (await get('/metrics')).text()).toContain('jlis_ready{service="cards"} 0');
      expect((await get('/other')).status).toBe(404);
      // A second server on the same port: a sentence naming the variable when it was asked for, else a warning.
      await expect(new OpsServer(metrics, readiness, logger).listen(port!, '127.0.0.1')).rejects.toThrow(
        `METRICS_PORT ${port} is already in use`,
      );
      expect(await new OpsServer(metrics, readiness, logger).listen(port!, '127.0.0.1', false)).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('bounds a slow scrape collector: the exposition still answers', async () => {
    const metrics = new Metrics('intake');
    metrics.onScrape(() => new Promise(() => undefined));
    metrics.onScrape(async () => metrics.outboxPending.set(3));
    const started = Date.now();
    const text = await metrics.exposition(100);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text).toContain('jlis_outbox_pending_rows{service="intake"} 3');
  });
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

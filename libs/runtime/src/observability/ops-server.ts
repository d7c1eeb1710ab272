import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

/** The default METRICS_PORT of each process (docs/operations.md § Health and metrics; the manifests use the same). */
export const DEFAULT_METRICS_PORTS: Readonly<Record<string, number>> = {
  gateway: 9460,
  intake: 9461,
  documents: 9462,
  cards: 9463,
  access: 9464,
  notifications: 9465,
};

/**
 * The operations endpoint of a process, on its own port (METRICS_PORT), never the public one: `GET /metrics`
 * (Prometheus text), `GET /health/live` (the process runs: 200 while it can answer at all) and `GET /health/ready`
 * (200 or 503 with the state of each dependency). Plain node:http, so it answers while Nest is still starting or
 * already stopping.
 */
export class OpsServer {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
    private readonly logger: Logger,
  ) {}

  /**
   * Listens on `port` (0: not at all). Resolves with the bound port, or undefined when turned off. A port that is
   * taken stops the process when it was asked for (`required`); a default that is taken (a second instance on one
   * machine, a test) only warns, and the process runs without its operations endpoint.
   */
  async listen(port: number, host = '0.0.0.0', required = true): Promise<number | undefined> {
    if (port === 0) return undefined;
    try {
      return await this.bind(port, host);
    } catch (error) {
      if (required || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      this.logger.warn(
        { port },
        `the default METRICS_PORT ${port} is taken; running without /metrics and /health (set METRICS_PORT)`,
      );
      return undefined;
    }
  }

  private async bind(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      void this.answer(req.method ?? 'GET', (req.url ?? '/').split('?')[0]).then(
        ({ status, type, body }) => {
          res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
          res.end(body);
        },
        (error: unknown) => {
          this.logger.warn({ err: error }, 'ops server: could not answer');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('error\n');
        },
      );
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? Object.assign(
                new Error(`METRICS_PORT ${port} is already in use; give this process another one (0 turns it off).`),
                { code: error.code },
              )
            : error,
        ),
      );
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  get port(): number | undefined {
    return this.server ? (this.server.address() as AddressInfo).port : undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  private async answer(method: string, path: string): Promise<{ status: number; type: string; body: string }> {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'GET only\n' };
    switch (path) {
      case '/health/live':
        return { status: 200, type: 'application/json', body: JSON.stringify({ status: 'live' }) };
      case '/health/ready': {
        const state = await this.readiness.state();
        this.metrics.ready.set(state.ready ? 1 : 0);
        return { status: state.ready ? 200 : 503, type: 'application/json', body: JSON.stringify(state) };
      }
      case '/metrics': {
        const state = await this.readiness.state();
        this.metrics.ready.set(state.ready ? 1 : 0);
        return { status: 200, type: this.metrics.registry.contentType, body: await this.metrics.exposition() };
      }
      default:
        return { status: 404, type: 'text/plain', body: 'not found\n' };
    }
  }
}

import { INestApplication, INestMicroservice } from '@nestjs/common';
import { Caller, ServiceName, SERVICES } from '@jlis/contracts';
import { Clock, startService } from '@jlis/runtime';
import {
  createTestDatabase,
  startAll,
  startNats,
  startSmtp,
  stopTestServer,
  TestDatabase,
  TestNats,
  TestSmtp,
} from '@jlis/testing';
import { SignJWT } from 'jose';
import { AddressInfo } from 'node:net';
import { accessApp } from '../apps/access/src/access.app';
import { cardsApp } from '../apps/cards/src/cards.app';
import { documentsApp } from '../apps/documents/src/documents.app';
import { createGateway } from '../apps/gateway/src/bootstrap';
import { DEV_JWT_SECRET, GatewayConfig } from '../apps/gateway/src/gateway.config';
import { intakeApp } from '../apps/intake/src/intake.app';
import { notificationsApp } from '../apps/notifications/src/notifications.app';
import { loadConfig } from '@jlis/runtime';
import { Api } from '../scripts/lib/walk';
import { expectDocumented } from './contract';

const APPS = {
  intake: intakeApp,
  documents: documentsApp,
  cards: cardsApp,
  access: accessApp,
  notifications: notificationsApp,
};

export interface SuiteOptions {
  /** Services to start (default: all five). */
  services?: readonly ServiceName[];
  clock?: Clock;
  /** Extra environment for every service and the gateway. */
  env?: Record<string, string>;
  /** METRICS_PORT per process (default: none; NODE_ENV=test leaves the operations endpoint off). */
  metricsPorts?: Partial<Record<ServiceName | 'gateway', number>>;
}

/** Names of the suite's operators by login id (tokens without one are named 審査 一郎). */
const OPERATOR_NAMES: Record<string, string> = { 'operator-approver': '承認 花子', 'op-2': '確認 次郎' };

export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The whole suite in one test process: its own database, its own nats-server, a real SMTP server on
 * loopback, the chosen services and the gateway on a free port — talked to over real HTTP.
 */
export class TestSuite {
  readonly apps = new Map<ServiceName, INestMicroservice>();
  gateway!: INestApplication;
  baseUrl!: string;
  env!: Record<string, string>;

  private constructor(
    readonly db: TestDatabase,
    readonly nats: TestNats,
    readonly smtp: TestSmtp,
    private readonly options: SuiteOptions,
  ) {}

  static async start(options: SuiteOptions = {}): Promise<TestSuite> {
    const [db, nats, smtp] = await startAll<[TestDatabase, TestNats, TestSmtp]>(
      [createTestDatabase, () => startNats(), startSmtp],
      stopTestServer,
    );
    const suite = new TestSuite(db, nats, smtp, options);
    suite.env = {
      NODE_ENV: 'test',
      // The suite's tokens are development tokens (`token()` below), accepted only because this says so.
      AUTH_MODE: 'development',
      DATABASE_URL: db.url,
      NATS_URL: nats.url,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'JPKI手続システム <noreply@jpki-onboarding.test>',
      JLIS_MAILBOX: 'jpki-kanri@j-lis.test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      DATABASE_POOL_SIZE: '4',
      ...options.env,
    };
    try {
      for (const service of options.services ?? SERVICES) await suite.startService(service);
      suite.gateway = await createGateway(
        loadConfig(GatewayConfig, { ...suite.env, ...nats.env('gateway'), PORT: '0', ...suite.metricsEnv('gateway') }),
      );
      await suite.gateway.listen(0, '127.0.0.1');
    } catch (error) {
      // A suite that does not start leaves no database, nats-server or service behind.
      await suite.destroy().catch(() => undefined);
      throw error;
    }
    suite.baseUrl = `http://127.0.0.1:${(suite.gateway.getHttpServer().address() as AddressInfo).port}`;
    return suite;
  }

  async startService(service: ServiceName): Promise<INestMicroservice> {
    // Each service connects with its own NATS identity, as it does in production.
    // … and to Postgres as its own role, which owns its schema and may touch no other.
    const env = {
      ...this.env,
      ...this.nats.env(service),
      DATABASE_URL: this.db.serviceUrl(service),
      ...this.metricsEnv(service),
    };
    const { config, module } = APPS[service](env, { clock: this.options.clock });
    const app = await startService(service, module, config);
    this.apps.set(service, app);
    return app;
  }

  private metricsEnv(process: ServiceName | 'gateway'): Record<string, string> {
    const port = this.options.metricsPorts?.[process];
    return port === undefined ? {} : { METRICS_PORT: String(port) };
  }

  async stopService(service: ServiceName): Promise<void> {
    await this.apps.get(service)?.close();
    this.apps.delete(service);
  }

  app(service: ServiceName): INestMicroservice {
    const app = this.apps.get(service);
    if (!app) throw new Error(`${service} is not running`);
    return app;
  }

  /** A development token; operators carry a name (the OIDC name claim) unless `name: undefined` is asked for. */
  async token(caller: Omit<Caller, 'sub'> & { sub?: string }, expiresIn = '1h'): Promise<string> {
    const { sub, ...claims } = caller;
    if (caller.role === 'operator' && !('name' in caller)) claims.name = OPERATOR_NAMES[sub ?? ''] ?? '審査 一郎';
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub ?? `${caller.role}-${caller.org ?? caller.contractor ?? 'user'}`)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(new TextEncoder().encode(DEV_JWT_SECRET));
  }

  /** A second operator (another login and another name) who approves what the first one proposes. */
  approver(): Promise<string> {
    return this.token({ role: 'operator', sub: 'operator-approver', name: '承認 花子' });
  }

  /**
   * A production grant, a suspension or a revocation as J-LIS runs it: `proposal` (one operator's request) and, when it
   * waits for a second person (202), the approval by `approverToken`. Answers as a grant route: the grant made or
   * acted on (201 for a production grant, 200 for a change), or the refusal of either step.
   */
  async decided(proposal: Promise<HttpAnswer> | HttpAnswer, approverToken?: string): Promise<HttpAnswer> {
    const proposed = await proposal;
    if (proposed.status !== 202) {
      return proposed.status < 300 && proposed.body?.grant ? { ...proposed, body: proposed.body.grant } : proposed;
    }
    const approved = await this.http('POST', `/api/v1/access-decisions/${proposed.body.id}/approval`, {
      token: approverToken ?? (await this.approver()),
    });
    if (approved.status !== 200) return approved;
    return {
      ...approved,
      status: approved.body.kind === 'production-grant' ? 201 : 200,
      body: approved.body.grant,
    };
  }

  /**
   * The portal walk's client (scripts/lib/walk.js, on @jlis/portal-client) against this suite, every answer held to
   * the committed contract as `http`'s are.
   */
  api(opts: { noRetry?: boolean } = {}): Api {
    return new Api(this.baseUrl, { ...opts, onAnswer: expectDocumented });
  }

  async http<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; form?: FormData } = {},
  ): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: FormData | string | undefined;
    if (opts.form) body = opts.form;
    else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const type = res.headers.get('content-type') ?? '';
    const payload = type.includes('json')
      ? await res.json()
      : type.startsWith('text/')
        ? await res.text()
        : Buffer.from(await res.arrayBuffer());
    // Every answer the suites see is held to the committed contract (route, status, media type, body).
    expectDocumented(method, path, res.status, type, payload);
    return { status: res.status, headers: res.headers, body: payload as T };
  }

  async destroy(): Promise<void> {
    await this.gateway?.close();
    for (const service of [...this.apps.keys()]) await this.stopService(service);
    await this.smtp.close();
    await this.nats.destroy();
    await this.db.drop();
  }
}

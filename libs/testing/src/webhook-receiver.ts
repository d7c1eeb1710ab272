import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered. */
  status: number;
  at: number;
}

export interface TestWebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` (or with `localhost` as host). */
  url(host?: string): string;
  readonly received: ReceivedWebhook[];
  /** The statuses to answer next, in order; 204 once they are used up. */
  answer(...statuses: number[]): void;
  /** Answer this status to every request from now on. */
  answerAlways(status: number): void;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback, as a portal would run one: records every POST and answers as told. */
export async function startWebhookReceiver(): Promise<TestWebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let queue: number[] = [];
  let always: number | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = queue.shift() ?? always ?? 204;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (host = '127.0.0.1') => `http://${host}:${port}/hook`,
    received,
    answer: (...statuses) => {
      queue = statuses;
    },
    answerAlways: (status) => {
      always = status;
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './nats-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeFrom: string;
  envelopeTo: string[];
}

export interface TestSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Refuse the next `n` messages with a temporary 451 failure, as a struggling server would. */
  failNext(n: number): void;
  /** Resolves once at least `count` mails arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed back from the wire. */
export async function startSmtp(): Promise<TestSmtp> {
  const port = await freePort();
  const mails: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failures > 0) {
          failures -= 1;
          const error = new Error('Temporary failure, try again') as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({
              raw,
              parsed,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            });
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  // A client killed mid-session (the fault suite kills notifications with -9) resets its socket: that is the
  // client's problem, not the server's, and must not take the test process down as an unhandled 'error'.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    failNext(n) {
      failures = n;
    },
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} mails, got ${mails.length} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

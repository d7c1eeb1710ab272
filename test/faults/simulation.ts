import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestSmtp } from '@jlis/testing';
import { ROOT } from '../dist';

export interface SimSummary {
  completed?: number;
  failed?: number;
  errors?: unknown[];
}

export interface SimResult {
  code: number | null;
  summary: SimSummary;
  stderr: string;
}

/** Runs `npm run simulate` against a running suite and resolves with its summary and exit code. */
export function simulate(base: string, count: number, offset: number): { done: Promise<SimResult> } {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts/simulate.js'),
      '--base',
      base,
      '--count',
      String(count),
      '--offset',
      String(offset),
      '--concurrency',
      String(count),
      '--per-contractor',
      '3',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return {
    done: new Promise((resolve) =>
      child.on('exit', (code) => {
        let summary: SimSummary;
        try {
          summary = JSON.parse(out) as SimSummary;
        } catch {
          summary = { errors: [out] };
        }
        resolve({ code, summary, stderr: err.slice(-3000) });
      }),
    ),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Mails are counted only once every outbox and consumer has drained: the SMTP count must stand still. */
export async function drainedMails(smtp: TestSmtp): Promise<number> {
  let last = -1;
  for (let stable = 0; stable < 4;) {
    await sleep(1000);
    stable = smtp.mails.length === last ? stable + 1 : 0;
    last = smtp.mails.length;
  }
  return last;
}

/**
 * Mails received more than once. SMTP has no exactly-once: a sender killed between the server's 250 and its own
 * "sent" mark resends after restart. Such a resend must be the same message — same Message-ID (derived from the
 * event id), subject, recipients and body — so receivers recognise it; anything else is a real duplicate.
 */
export function resends(smtp: TestSmtp): { realDuplicates: string[]; identicalResends: number } {
  const byId = new Map<string, typeof smtp.mails>();
  for (const m of smtp.mails) byId.set(m.parsed.messageId ?? '', [...(byId.get(m.parsed.messageId ?? '') ?? []), m]);
  const repeated = [...byId].filter(([, copies]) => copies.length > 1);
  const sameMessage = (copies: typeof smtp.mails) =>
    copies.every(
      (c) =>
        c.parsed.subject === copies[0].parsed.subject &&
        c.parsed.text === copies[0].parsed.text &&
        c.envelopeTo.join() === copies[0].envelopeTo.join(),
    );
  // Two different events or templates never share a Message-ID, so a duplicate with a fresh Message-ID shows as two
  // A-1 mails for one case (counted by the tests).
  return {
    realDuplicates: repeated.filter(([, copies]) => !sameMessage(copies)).map(([id]) => id),
    identicalResends: repeated.length,
  };
}

/** Distinct A-1 mails (申請手続開始依頼) among `mails`: one per case started. */
export function a1Mails(mails: TestSmtp['mails']): Set<string | undefined> {
  return new Set(
    mails.filter((m) => (m.parsed.subject ?? '').startsWith('申請手続開始依頼')).map((m) => m.parsed.messageId),
  );
}

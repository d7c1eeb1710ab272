import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessConfig } from '../access.config';
import { ApprovalDocumentContent } from './approval-document.pdf';
import { ApprovalDocumentRenderer } from './approval-document.renderer';

/**
 * The pool's own behaviour, on real worker threads running a small script in place of pdfkit (the compiled worker
 * exists only in a build; the e2e suites render real documents on it). The script answers by the approval number:
 * "hang" never answers, "crash" ends its thread, "fail" answers an error, anything else its own bytes with the
 * thread's id.
 */
const dir = mkdtempSync(join(tmpdir(), 'jlis-renderer-'));
const script = join(dir, 'worker.js');
writeFileSync(
  script,
  `const { parentPort, threadId } = require('node:worker_threads');
   parentPort.on('message', ({ id, content }) => {
     if (content.approvalNumber === 'hang') return;
     if (content.approvalNumber === 'crash') process.exit(3);
     if (content.approvalNumber === 'fail') return parentPort.postMessage({ id, error: 'no font' });
     parentPort.postMessage({ id, pdf: Buffer.from(content.approvalNumber + '@' + threadId) });
   });`,
);

class TestRenderer extends ApprovalDocumentRenderer {
  // Long enough for a thread to start on a loaded machine (the timer runs from dispatch), short for a test.
  protected override readonly timeoutMs = 2000;
  protected override readonly idleMs = 300;
  protected override workerFile(): string {
    return script;
  }
}

const doc = (approvalNumber: string) => ({ approvalNumber }) as ApprovalDocumentContent;
const warnings: unknown[] = [];
const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;

function renderer(threads: number): TestRenderer {
  const config = Object.assign(new AccessConfig(), { APPROVAL_DOCUMENT_RENDER_THREADS: threads });
  return new TestRenderer(config, logger);
}

describe(ApprovalDocumentRenderer.name, () => {
  let pool: TestRenderer;
  afterEach(() => pool.onApplicationShutdown());

  it('renders on threads, no more of them than configured, each answer to its own request', async () => {
    pool = renderer(2);
    expect(pool.threaded).toBe(true);
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => pool.render(doc(n))));
    expect(answers.map((b) => b.toString().split('@')[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(answers.map((b) => b.toString().split('@')[1])).size).toBe(2);
    expect(pool.threads).toBe(2);
  });

  it('fails a render whose thread dies or hangs, and starts a fresh thread for the next', async () => {
    pool = renderer(1);
    const first = (await pool.render(doc('x'))).toString().split('@')[1];
    await expect(pool.render(doc('crash'))).rejects.toThrow(/exited with code 3/);
    await expect(pool.render(doc('hang'))).rejects.toThrow(/no answer within 2000 ms/);
    await expect(pool.render(doc('fail'))).rejects.toThrow(/approval document: no font/);
    const after = (await pool.render(doc('y'))).toString().split('@')[1];
    expect(after).not.toBe(first);
    expect(pool.threads).toBe(1);
  });

  it('ends a thread left idle, and starts a fresh one for the next render', async () => {
    pool = renderer(1);
    const warned = warnings.length;
    const first = (await pool.render(doc('x'))).toString().split('@')[1];
    expect(pool.threads).toBe(1);
    const second = (await pool.render(doc('y'))).toString().split('@')[1];
    expect(second).toBe(first); // renders close together share the thread
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pool.threads).toBe(0);
    expect(warnings.length).toBe(warned); // ending idle is not a failure
    const after = (await pool.render(doc('z'))).toString().split('@')[1];
    expect(after).not.toBe(first);
    expect(pool.threads).toBe(1);
  });

  it('refuses renders beyond its queue instead of holding them without bound', async () => {
    pool = renderer(1);
    const held = pool.render(doc('hang')).catch((e: Error) => e);
    const queued = Array.from({ length: 8 }, (_, i) => pool.render(doc(`q${i}`)));
    await expect(pool.render(doc('one too many'))).rejects.toThrow(/too many renders waiting/);
    expect(await held).toBeInstanceOf(Error);
    expect((await Promise.all(queued)).length).toBe(8);
  });

  it('rejects what is waiting when the service stops', async () => {
    pool = renderer(1);
    const held = pool.render(doc('hang')).catch((e: Error) => e);
    const waiting = pool.render(doc('w')).catch((e: Error) => e);
    await pool.onApplicationShutdown();
    expect(String(await held)).toMatch(/shutting down/);
    expect(String(await waiting)).toMatch(/shutting down/);
    await expect(pool.render(doc('late'))).rejects.toThrow(/shutting down/);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, Logger } from '@jlis/runtime';
import { AccessConfig } from '../access.config';
import { ApprovalDocumentContent, renderApprovalDocument } from './approval-document.pdf';
import type { RenderAnswer, RenderRequest } from './approval-document.worker';

/** A render that takes longer than this is a stuck thread: it is ended and the document put back by the job. */
export const RENDER_TIMEOUT_MS = 30_000;
/**
 * A thread with nothing to render for this long ends: its heap (pdfkit, the font, the last documents) is ~40 MB that
 * access otherwise kept after every burst of approvals (docs/benchmarks.md § Latest full run, decision 291). Starting
 * one again costs tens of milliseconds, against renders that come a few times a day.
 */
export const RENDER_IDLE_MS = 5_000;
/** Renders waiting for a thread, per thread; more is refused (the job renders one at a time, so this is a net). */
const QUEUED_PER_THREAD = 8;

interface Task {
  request: RenderRequest;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
  idle?: NodeJS.Timeout;
}

/**
 * Renders approved A-11-2 PDFs on a small, bounded pool of worker threads (APPROVAL_DOCUMENT_RENDER_THREADS), so
 * pdfkit's synchronous tens of milliseconds per document no longer stop access's event loop — its consumer applied
 * nothing while a document was set, and the simulation's steps met a consumer seconds behind. Threads start
 * on first use; one that fails, exits or passes RENDER_TIMEOUT_MS is ended and its render rejected (the job puts the
 * document back with its growing delay), and the next render starts a fresh one. Nothing is kept here: the job's
 * claimed row is the only record of what is due, so a process killed mid-render renders it again after restart.
 *
 * The thread runs the compiled `approval-document.worker.js`. Run from TypeScript sources (the Jest unit and
 * integration specs, which SWC transforms in-process) there is no such file and the same function renders inline;
 * every built service — `npm start`, the e2e suites, the image — uses the threads.
 */
@Injectable()
export class ApprovalDocumentRenderer implements OnApplicationShutdown {
  private compiled?: boolean;
  protected readonly timeoutMs: number = RENDER_TIMEOUT_MS;
  protected readonly idleMs: number = RENDER_IDLE_MS;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    @Inject(AccessConfig) private readonly config: AccessConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The thread's script: the compiled worker beside this file (a spec gives another). */
  protected workerFile(): string {
    return join(__dirname, 'approval-document.worker.js');
  }

  /** Whether renders run on threads: only where the worker is compiled (see above). */
  get threaded(): boolean {
    return (this.compiled ??= existsSync(this.workerFile()));
  }

  render(content: ApprovalDocumentContent): Promise<Buffer> {
    const fontFile = this.config.APPROVAL_DOCUMENT_FONT;
    if (!this.threaded) return renderApprovalDocument(content, fontFile);
    if (this.closed) return Promise.reject(new Error('approval document renderer: shutting down'));
    if (this.queue.length >= this.config.APPROVAL_DOCUMENT_RENDER_THREADS * QUEUED_PER_THREAD) {
      return Promise.reject(new Error('approval document renderer: too many renders waiting'));
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, content, fontFile }, resolve, reject });
      this.dispatch();
    });
  }

  /** Threads running now (for tests and logs). */
  get threads(): number {
    return this.slots.length;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('approval document renderer: shutting down'));
    await Promise.all(this.slots.splice(0).map((slot) => this.end(slot, 'shutting down')));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.config.APPROVAL_DOCUMENT_RENDER_THREADS) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      const busy = slot;
      clearTimeout(busy.idle);
      busy.task = task;
      busy.timer = setTimeout(() => void this.end(busy, `no answer within ${this.timeoutMs} ms`), this.timeoutMs);
      busy.worker.postMessage(task.request);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.workerFile()) };
    slot.worker.on('message', (answer: RenderAnswer) => {
      const task = slot.task;
      if (!task || task.request.id !== answer.id) return;
      clearTimeout(slot.timer);
      slot.task = undefined;
      if ('pdf' in answer) task.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
      else task.reject(new Error(`approval document: ${answer.error}`));
      this.dispatch();
      if (!slot.task) slot.idle = setTimeout(() => void this.end(slot, 'idle'), this.idleMs);
    });
    slot.worker.on('error', (error) => void this.end(slot, error.message));
    slot.worker.on('exit', (code) => void this.end(slot, `render thread exited with code ${code}`));
    this.slots.push(slot);
    return slot;
  }

  /** Ends a thread, failing the render it held (none when it ends idle); the next render starts another thread. */
  private async end(slot: Slot, reason: string): Promise<void> {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    clearTimeout(slot.timer);
    clearTimeout(slot.idle);
    const task = slot.task;
    slot.task = undefined;
    if (task) {
      this.logger.warn({ reason }, 'approval document: render thread ended during a render');
      task.reject(new Error(`approval document: ${reason}`));
    }
    slot.worker.removeAllListeners('exit');
    await slot.worker.terminate().catch(() => undefined);
    if (!this.closed) this.dispatch();
  }
}

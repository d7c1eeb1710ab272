import { DOCUMENTS_BUCKET, FileMeta } from '@jlis/contracts';
import { DomainError, Logger } from '@jlis/runtime';
import type { FastifyReply } from 'fastify';
import { NatsConnection, ObjectStore, StorageType } from 'nats';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SNIFF_HEAD_BYTES, SNIFF_TAIL_BYTES } from './file-kind';

/** An upload as stored: where, how big, its digest, and the bytes its type is decided from. */
export interface Stored {
  objectName: string;
  size: number;
  sha256: string;
  head: Buffer;
  tail: Buffer;
}

/** Raised inside `put` when the source passes the size limit: the caller answers 413 without reading further. */
export class UploadTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`upload larger than ${maxBytes} bytes`);
  }
}

/**
 * The gateway's side of the files bucket: a file part is streamed into the JetStream Object Store (with
 * backpressure) while its SHA-256 and size are computed and its first and last bytes kept for the type check; only a
 * reference then travels to the documents service. Downloads stream the stored bytes back.
 */
export class GatewayObjectStore {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  private bucket(): Promise<ObjectStore> {
    // A lookup that failed (JetStream electing a leader, NATS reconnecting) is not kept: the next call asks again.
    // Kept, it failed every later upload for good after one node of a cluster went down (test/faults/cluster).
    this.store ??= this.nc
      .jetstream()
      .views.os(DOCUMENTS_BUCKET, { storage: StorageType.File })
      .catch((error: unknown) => {
        this.store = undefined;
        throw error;
      });
    return this.store;
  }

  /**
   * Streams `source` into a new object. Past `maxBytes` it stops at once — the source is paused, not drained — and
   * rejects with UploadTooLarge; on any failure the partial object is deleted.
   */
  async put(source: Readable, maxBytes: number): Promise<Stored> {
    const store = await this.bucket();
    const objectName = randomUUID();
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const recent: Buffer[] = [];
    let recentBytes = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            source.pause();
            source.removeAllListeners('data');
            controller.error(new UploadTooLarge(maxBytes));
            return;
          }
          hash.update(chunk);
          if (head.length < SNIFF_HEAD_BYTES) {
            head = Buffer.concat([head, chunk.subarray(0, SNIFF_HEAD_BYTES - head.length)]);
          }
          // The last SNIFF_TAIL_BYTES, kept as a list of chunks so that each chunk is copied once, at the end.
          recent.push(chunk);
          recentBytes += chunk.length;
          while (recentBytes - recent[0].length >= SNIFF_TAIL_BYTES) recentBytes -= recent.shift()!.length;
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.on('end', () => controller.close());
        source.on('error', (error) => controller.error(error));
      },
      pull() {
        source.resume();
      },
    });
    try {
      await store.put({ name: objectName, options: { max_chunk_size: 128 * 1024 } }, body);
    } catch (error) {
      await this.discard(objectName);
      throw error;
    }
    const tail = Buffer.concat(recent);
    return {
      objectName,
      size,
      sha256: hash.digest('hex'),
      head,
      tail: tail.subarray(Math.max(0, tail.length - SNIFF_TAIL_BYTES)),
    };
  }

  /** Best effort: a failed delete is left to the documents service's cleanup of unreferenced objects. */
  async discard(objectName: string): Promise<void> {
    await (
      await this.bucket()
    )
      .delete(objectName)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, objectName }, 'could not delete an upload; cleanup will'),
      );
  }

  /** Streams the exact stored bytes of a file whose metadata the owning service answered (after its object-level check). */
  async send(meta: FileMeta, reply: FastifyReply): Promise<void> {
    const result = await (await this.bucket()).get(meta.objectName);
    if (!result) {
      this.logger.error({ objectName: meta.objectName }, 'a recorded file is missing from the object store');
      throw new DomainError('NOT_FOUND', 'The file is not available in storage right now.');
    }
    // The digest is checked as the last chunk arrives, after the headers left: a mismatch can only be logged.
    void result.error.then((error) => {
      if (error)
        this.logger.error({ err: error, objectName: meta.objectName }, 'object stream failed its digest check');
    });
    void reply
      .status(200)
      .header('content-type', meta.mediaType)
      .header('content-length', String(meta.size))
      .header(
        'content-disposition',
        `attachment; filename="${meta.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
      )
      .header('etag', `"${meta.sha256}"`)
      .header('x-content-sha256', meta.sha256)
      .header('cache-control', 'private, no-store')
      .send(Readable.fromWeb(result.data as never));
  }
}

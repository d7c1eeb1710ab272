import { DOCUMENTS_BUCKET, FILE_MEDIA_TYPES, FileKind, FileMeta, FileRef } from '@jlis/contracts';
import { DomainError, Logger } from '@jlis/runtime';
import busboy from 'busboy';
import type { Request, Response } from 'express';
import { NatsConnection, ObjectStore, StorageType } from 'nats';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SNIFF_BYTES = 64 * 1024;

const EXTENSIONS: Record<FileKind, string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  docx: ['docx'],
  xlsx: ['xlsx'],
};

/**
 * What the bytes are, from their magic numbers. A DOCX or XLSX is a ZIP whose entries live under word/ or
 * xl/; the names are looked for in the local headers at the start and the central directory at the end.
 */
export function sniffFileKind(head: Buffer, tail: Buffer = Buffer.alloc(0)): FileKind | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const names = head.toString('latin1') + tail.toString('latin1');
    if (names.includes('word/document.xml') || names.includes('word/')) return 'docx';
    if (names.includes('xl/workbook.xml') || names.includes('xl/')) return 'xlsx';
  }
  return null;
}

/** Refuses bytes whose file name or declared type says something else than the bytes are. */
export function claimMismatch(kind: FileKind, filename: string, declaredType: string): string | null {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(filename)?.[1]?.toLowerCase();
  if (ext && !EXTENSIONS[kind].includes(ext))
    return `the file is named .${ext} but its content is ${kind.toUpperCase()}`;
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream' && declared !== FILE_MEDIA_TYPES[kind]) {
    return `the file is declared as ${declared} but its content is ${kind.toUpperCase()}`;
  }
  return null;
}

export interface UploadOptions {
  /** Kinds this route accepts. */
  allowed: FileKind[];
  /** A file part named `file` must be present. */
  required: boolean;
}

export interface Upload {
  fields: Record<string, string>;
  file?: FileRef;
}

interface Received {
  objectName: string;
  filename: string;
  declaredType: string;
  size: number;
  tooLarge: boolean;
  sha256: string;
  head: Buffer;
  tail: Buffer;
}

const ALLOWED_SENTENCE = (allowed: FileKind[]) => allowed.map((k) => k.toUpperCase()).join(', ');

/**
 * The gateway's side of the files bucket: multipart uploads are streamed (busboy) into the JetStream
 * Object Store while their SHA-256 and size are computed and their type is decided from the bytes; only a
 * reference then travels to the documents service. Downloads stream the stored bytes back.
 */
export class GatewayObjectStore {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly maxBytes: number,
    private readonly logger: Logger,
  ) {}

  private bucket(): Promise<ObjectStore> {
    this.store ??= this.nc.jetstream().views.os(DOCUMENTS_BUCKET, { storage: StorageType.File });
    return this.store;
  }

  static isMultipart(req: Request): boolean {
    return (req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
  }

  /** Parses a multipart request: text fields, and at most one `file` streamed into the bucket and checked. */
  async receive(req: Request, opts: UploadOptions): Promise<Upload> {
    if (!GatewayObjectStore.isMultipart(req)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send this request as multipart/form-data with the file in a part named "file".',
      );
    }
    const store = await this.bucket();
    const fields: Record<string, string> = {};
    const problems: { field: string; message: string }[] = [];
    let stored: Promise<Received> | undefined;
    let fileStream: Readable | undefined;

    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, limits: { files: 1, fields: 30, fieldSize: 256 * 1024, parts: 40 } });
      } catch (error) {
        reject(
          DomainError.validation([
            { field: 'body', message: `not a readable multipart body: ${(error as Error).message}` },
          ]),
        );
        return;
      }
      parser.on('field', (name, value, info) => {
        if (info.valueTruncated) problems.push({ field: name, message: 'is too long' });
        else fields[name] = value;
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file' || stored) {
          problems.push({
            field: name,
            message: name === 'file' ? 'send one file only' : 'unknown file part: send the file as "file"',
          });
          stream.resume();
          return;
        }
        fileStream = stream;
        stored = this.put(store, stream, info.filename ?? 'upload', info.mimeType ?? '');
        stored.catch(() => undefined);
      });
      parser.on('filesLimit', () => problems.push({ field: 'file', message: 'send one file only' }));
      parser.on('error', (error: Error) =>
        reject(DomainError.validation([{ field: 'body', message: `malformed multipart body: ${error.message}` }])),
      );
      parser.on('close', () => resolve());
      // A client that goes away mid-upload: fail the stored object (it is discarded) instead of waiting forever.
      req.on('close', () => {
        if (req.complete) return;
        const error = new DomainError(
          'BAD_REQUEST',
          'The upload was interrupted before it was complete; send it again.',
        );
        fileStream?.destroy(error);
        reject(error);
      });
      req.pipe(parser);
    }).catch(async (error: unknown) => {
      const received = await stored?.catch(() => undefined);
      if (received) await this.discard(received.objectName);
      throw error;
    });

    const received = stored ? await stored : undefined;
    const fail = async (error: DomainError): Promise<never> => {
      if (received) await this.discard(received.objectName);
      throw error;
    };
    if (problems.length) return fail(DomainError.validation(problems));
    if (!received) {
      if (opts.required)
        return fail(
          new DomainError(
            'FILE_REQUIRED',
            'ファイルを "file" パートで添付してください。 / Attach the file as the multipart part "file".',
            { field: 'file' },
            [{ field: 'file', message: 'a file is required' }],
          ),
        );
      return { fields };
    }
    if (received.size === 0)
      return fail(
        new DomainError(
          'FILE_EMPTY',
          '空のファイルは受け付けられません。 / The file is empty; attach the actual document.',
          { field: 'file' },
          [{ field: 'file', message: 'the file is empty' }],
        ),
      );
    if (received.tooLarge) {
      return fail(
        new DomainError(
          'FILE_TOO_LARGE',
          `ファイルは ${this.maxBytes} バイトまでです。 / The file is larger than ${this.maxBytes} bytes (the limit).`,
          { field: 'file', maxBytes: this.maxBytes },
          [{ field: 'file', message: `larger than ${this.maxBytes} bytes` }],
        ),
      );
    }
    const kind = sniffFileKind(received.head, received.tail);
    if (!kind || !opts.allowed.includes(kind)) {
      return fail(
        new DomainError(
          'FILE_TYPE_NOT_ALLOWED',
          `${ALLOWED_SENTENCE(opts.allowed)} のファイルを添付してください (内容から判定しています)。 / Attach a ${ALLOWED_SENTENCE(opts.allowed)} file; the type is decided from the content${kind ? `, and this one is ${kind.toUpperCase()}` : ''}.`,
          { field: 'file', detected: kind },
          [{ field: 'file', message: `must be ${ALLOWED_SENTENCE(opts.allowed)}` }],
        ),
      );
    }
    const mismatch = claimMismatch(kind, received.filename, received.declaredType);
    if (mismatch) {
      return fail(
        new DomainError(
          'FILE_TYPE_MISMATCH',
          `ファイルの名前または種類の申告が内容と一致しません: ${mismatch}。 / The file's name or declared type does not match its content: ${mismatch}.`,
          { field: 'file', detected: kind },
          [{ field: 'file', message: mismatch }],
        ),
      );
    }
    return {
      fields,
      file: {
        objectName: received.objectName,
        sha256: received.sha256,
        size: received.size,
        mediaType: FILE_MEDIA_TYPES[kind],
        filename: received.filename.slice(0, 255),
      },
    };
  }

  /** Streams one file part into the bucket (with backpressure), hashing and counting; stops storing past the limit. */
  private async put(store: ObjectStore, source: Readable, filename: string, declaredType: string): Promise<Received> {
    const objectName = randomUUID();
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    const max = this.maxBytes;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        source.on('data', (chunk: Buffer) => {
          if (tooLarge) return;
          size += chunk.length;
          if (size > max) {
            tooLarge = true;
            controller.close();
            source.resume();
            return;
          }
          hash.update(chunk);
          if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          tail = Buffer.concat([tail, chunk]);
          if (tail.length > SNIFF_BYTES) tail = tail.subarray(tail.length - SNIFF_BYTES);
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 1) <= 0) source.pause();
        });
        source.on('end', () => {
          if (!tooLarge) controller.close();
        });
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
    return { objectName, filename, declaredType, size, tooLarge, sha256: hash.digest('hex'), head, tail };
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
  async send(meta: FileMeta, res: Response): Promise<void> {
    const result = await (await this.bucket()).get(meta.objectName);
    if (!result) {
      this.logger.error({ objectName: meta.objectName }, 'a recorded file is missing from the object store');
      throw new DomainError('NOT_FOUND', 'The file is not available in storage right now.');
    }
    res.status(200);
    res.setHeader('content-type', meta.mediaType);
    res.setHeader('content-length', String(meta.size));
    res.setHeader(
      'content-disposition',
      `attachment; filename="${meta.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
    );
    res.setHeader('etag', `"${meta.sha256}"`);
    res.setHeader('x-content-sha256', meta.sha256);
    res.setHeader('cache-control', 'private, no-store');
    await pipeline(Readable.fromWeb(result.data as never), res);
    const error = await result.error;
    if (error) this.logger.error({ err: error, objectName: meta.objectName }, 'object stream failed its digest check');
  }
}

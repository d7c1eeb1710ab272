import { FILE_MEDIA_TYPES, FileKind, FileRef } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import busboy from 'busboy';
import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { claimMismatch, officeMacros, sniffFileKind } from './file-kind';
import { GatewayObjectStore, Stored, UploadTooLarge } from './object-store';

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

interface Received extends Stored {
  filename: string;
  declaredType: string;
}

const ALLOWED_SENTENCE = (allowed: FileKind[]) => allowed.map((k) => k.toUpperCase()).join(', ');

export function isMultipart(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Multipart requests of the upload routes. The gateway registers no parser that reads multipart bodies (see
 * http/body-parsers.ts), so the body is still unread on the socket here and is parsed (busboy) as it arrives: text
 * fields, and at most one `file` streamed into the files bucket and checked — never buffered whole.
 */
export class MultipartUploads {
  constructor(
    private readonly files: GatewayObjectStore,
    private readonly maxBytes: number,
  ) {}

  async receive(req: FastifyRequest, opts: UploadOptions): Promise<Upload> {
    if (!isMultipart(req)) {
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send this request as multipart/form-data with the file in a part named "file".',
      );
    }
    const { fields, received, problems } = await this.parse(req);
    const fail = async (error: DomainError): Promise<never> => {
      if (received) await this.files.discard(received.objectName);
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
    const kind = await sniffFileKind(received.head, received.tail, received.size);
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
    if ((kind === 'docx' || kind === 'xlsx') && officeMacros(received.head, received.tail, received.size)) {
      const macroKind = kind === 'docx' ? 'docm' : 'xlsm';
      return fail(
        new DomainError(
          'FILE_TYPE_NOT_ALLOWED',
          `マクロを含む Office ファイル (.${macroKind}) は受け付けられません。マクロを含まない .${kind} 形式で保存し直して添付してください。 / Office files with macros (.${macroKind}) are refused; save the document as a macro-free .${kind} and attach it again.`,
          { field: 'file', detected: macroKind },
          [{ field: 'file', message: `must not contain macros (save as .${kind})` }],
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

  /** Reads the whole multipart body, or stops reading it at the first reason to refuse the upload as a whole. */
  private async parse(req: FastifyRequest): Promise<{
    fields: Record<string, string>;
    received?: Received;
    problems: { field: string; message: string }[];
  }> {
    const raw = req.raw;
    const fields: Record<string, string> = {};
    const problems: { field: string; message: string }[] = [];
    let stored: Promise<Received> | undefined;
    let fileStream: Readable | undefined;

    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: raw.headers, limits: { files: 1, fields: 30, fieldSize: 256 * 1024, parts: 40 } });
      } catch (error) {
        reject(
          DomainError.validation([
            { field: 'body', message: `not a readable multipart body: ${(error as Error).message}` },
          ]),
        );
        return;
      }
      // Stop reading the request: the rest of the body stays unread and the answer closes the connection.
      const stop = (error: unknown) => {
        raw.unpipe(parser);
        raw.pause();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
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
        stored = this.files.put(stream, this.maxBytes).then((s) => ({
          ...s,
          filename: info.filename ?? 'upload',
          declaredType: info.mimeType ?? '',
        }));
        // Past the limit, or the bucket failing: stop at once rather than read a body that will not be stored.
        stored.catch((error: unknown) => stop(error instanceof UploadTooLarge ? tooLarge(error.maxBytes) : error));
      });
      parser.on('filesLimit', () => problems.push({ field: 'file', message: 'send one file only' }));
      parser.on('error', (error: Error) =>
        stop(DomainError.validation([{ field: 'body', message: `malformed multipart body: ${error.message}` }])),
      );
      parser.on('close', () => resolve());
      // A client that goes away mid-upload: fail the stored object (it is discarded) instead of waiting forever.
      raw.on('close', () => {
        if (raw.complete) return;
        const error = new DomainError(
          'BAD_REQUEST',
          'The upload was interrupted before it was complete; send it again.',
        );
        fileStream?.destroy(error);
        reject(error);
      });
      raw.pipe(parser);
    }).catch(async (error: unknown) => {
      const received = await stored?.catch(() => undefined);
      if (received) await this.files.discard(received.objectName);
      throw error;
    });

    return { fields, received: stored ? await stored : undefined, problems };
  }
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'FILE_TOO_LARGE',
    `ファイルは ${maxBytes} バイトまでです。 / The file is larger than ${maxBytes} bytes (the limit).`,
    { field: 'file', maxBytes },
    [{ field: 'file', message: `larger than ${maxBytes} bytes` }],
  );
}

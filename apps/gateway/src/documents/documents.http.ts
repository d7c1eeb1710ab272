import { Caller, ErrorCode, FILE_MEDIA_TYPES, FileKind, FileMeta } from '@jlis/contracts';
import { ApiOkResponse } from '@nestjs/swagger';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, LOGGER, Logger, NATS_CONNECTION, RpcClient, strictValidationPipe } from '@jlis/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NatsConnection } from 'nats';
import { GatewayConfig } from '../gateway.config';
import { MultipartUploads, Upload } from './multipart-upload';
import { GatewayObjectStore } from './object-store';

/** Validates a plain object (multipart text fields, or a JSON body read by hand) like the global pipe does. */
export async function validBody<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain !== undefined && (typeof plain !== 'object' || plain === null || Array.isArray(plain))) {
    throw DomainError.validation([{ field: 'body', message: 'must be an object' }]);
  }
  // The same pipe as every JSON body (whitelist, forbid unknown fields, transform, field errors).
  return (await strictValidationPipe().transform(plain ?? {}, { type: 'body', metatype: cls })) as T;
}

export const DOCUMENT_KINDS: FileKind[] = ['pdf', 'png', 'jpeg', 'docx', 'xlsx'];
export const TEMPLATE_KINDS: FileKind[] = ['pdf', 'docx', 'xlsx'];

/** A download: the exact bytes uploaded, as one of the media types its kinds are stored with. */
export const ApiFileResponse = (kinds: FileKind[]) =>
  ApiOkResponse({
    description: 'The exact bytes uploaded.',
    content: Object.fromEntries(
      [...kinds.map((kind) => FILE_MEDIA_TYPES[kind]), 'application/octet-stream'].map((type) => [
        type,
        { schema: { type: 'string', format: 'binary' } },
      ]),
    ),
  });

/** What an upload can be refused for (multipart-upload.ts), on every route that takes a file. */
export const FILE_PROBLEMS: ErrorCode[] = [
  'FILE_REQUIRED',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TYPE_MISMATCH',
  'FILE_NOT_STORED',
];

/**
 * What the documents controllers share: the RPC client, the files bucket, and the rule that an upload no
 * command recorded is deleted at once (and by the documents service's cleanup if the gateway dies first).
 */
@Injectable()
export class DocumentsHttp {
  readonly files: GatewayObjectStore;
  private readonly uploads: MultipartUploads;

  constructor(
    readonly rpc: RpcClient,
    config: GatewayConfig,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.files = new GatewayObjectStore(nc, logger);
    this.uploads = new MultipartUploads(this.files, config.UPLOAD_MAX_BYTES);
  }

  /** Receives the upload, runs the command with it, and deletes the object when the command refuses it. */
  async withUpload<R>(
    req: FastifyRequest,
    allowed: FileKind[],
    required: boolean,
    run: (upload: Upload) => Promise<R>,
  ): Promise<R> {
    const upload = await this.uploads.receive(req, { allowed, required });
    try {
      return await run(upload);
    } catch (error) {
      // A refusal is definite: the object is nobody's. A timeout is not (the service may still commit and refer to
      // it), so the object is left to the documents service's cleanup, which deletes only unreferenced objects.
      const definite = error instanceof DomainError && error.status < 500;
      if (upload.file && definite) await this.files.discard(upload.file.objectName);
      throw error;
    }
  }

  /** Asks the owning query for the file's metadata (it checks the caller against the object), then streams it. */
  async download(
    subject: string,
    payload: { caller: Caller } & Record<string, unknown>,
    res: FastifyReply,
  ): Promise<void> {
    const meta = await this.rpc.request<FileMeta>(subject, payload);
    await this.files.send(meta, res);
  }
}

export function parseJsonField(fields: Record<string, string>, name: string): unknown {
  const text = fields[name];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw DomainError.validation([{ field: name, message: `${name} must be JSON text (an object)` }]);
  }
}

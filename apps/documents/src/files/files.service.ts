import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Caller, FileMeta, FileRef, FileView } from '@jlis/contracts';
import { DomainError, LOGGER, Logger, NATS_CONNECTION, Scheduler } from '@jlis/runtime';
import { NatsConnection } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { digestHex, DocumentsObjectStore } from './object-store';

export interface StoredFileRow {
  id: string;
  object_name: string;
  sha256: string;
  size: string;
  media_type: string;
  filename: string;
}

/** Objects nobody refers to are deleted after this long (an upload in flight is not touched). */
export const ORPHAN_GRACE_MS = Number(process.env.DOCUMENTS_ORPHAN_GRACE_MS ?? 60 * 60 * 1000);
const CLEANUP_EVERY_MS = Number(process.env.DOCUMENTS_CLEANUP_EVERY_MS ?? 10 * 60 * 1000);

export function fileView(row: StoredFileRow): FileView {
  return { filename: row.filename, size: Number(row.size), mediaType: row.media_type, sha256: row.sha256.trim() };
}

export function fileMeta(row: StoredFileRow): FileMeta {
  return { ...fileView(row), objectName: row.object_name };
}

/** An upload looked up in the object store (FilesService.check), to be recorded in a command's transaction. */
export interface CheckedUpload {
  ref: FileRef;
  stored: boolean;
}

/**
 * Stored files: a row per object the gateway streamed into the bucket. Only an object with a row is ever
 * served; a scheduled job deletes objects without one (a crash between upload and record) after a grace period.
 */
@Injectable()
export class FilesService implements OnModuleInit {
  readonly store: DocumentsObjectStore;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NATS_CONNECTION) nc: NatsConnection,
    private readonly scheduler: Scheduler,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.store = new DocumentsObjectStore(nc);
  }

  onModuleInit(): void {
    this.scheduler.every('orphan-objects', CLEANUP_EVERY_MS, () => this.deleteOrphans().then(() => undefined));
  }

  /**
   * Looks the uploaded object up in the object store — before the command's transaction: a NATS round trip made
   * inside it held a pooled connection (and the command's advisory lock) for as long as the broker took, and under
   * load documents' requests and its consumer queued for connections behind such waits.
   */
  async check(ref: FileRef): Promise<CheckedUpload> {
    const info = await this.store.info(ref.objectName);
    return { ref, stored: !!info && !info.deleted && info.size === ref.size && digestHex(info.digest) === ref.sha256 };
  }

  /** Records an upload `check` found in the store with the size and digest the gateway reported. */
  async record(m: EntityManager, caller: Caller, upload: CheckedUpload): Promise<StoredFileRow> {
    const { ref } = upload;
    if (!upload.stored) {
      throw new DomainError(
        'FILE_NOT_STORED',
        'The uploaded file was not found in storage as described; upload it again.',
        {
          objectName: ref.objectName,
        },
      );
    }
    const [row]: StoredFileRow[] = await m.query(
      `INSERT INTO stored_file (object_name, sha256, size, media_type, filename, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, object_name, sha256, size, media_type, filename`,
      [ref.objectName, ref.sha256, ref.size, ref.mediaType, ref.filename, caller.sub],
    );
    return row;
  }

  /**
   * After a command that carried an upload: an idempotent replay answered the stored response without recording
   * this new object, so it is deleted now instead of waiting for the cleanup.
   */
  async dropIfUnrecorded(ref: FileRef | undefined): Promise<void> {
    if (!ref) return;
    const [row]: unknown[] = await this.ds.query(`SELECT 1 FROM stored_file WHERE object_name = $1`, [ref.objectName]);
    if (!row)
      await this.store
        .delete(ref.objectName)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'could not delete a replayed upload; cleanup will'),
        );
  }

  async byId(id: string, m: EntityManager = this.ds.manager): Promise<StoredFileRow> {
    const [row]: StoredFileRow[] = await m.query(
      `SELECT id, object_name, sha256, size, media_type, filename FROM stored_file WHERE id = $1`,
      [id],
    );
    if (!row) throw DomainError.notFound('File', id);
    return row;
  }

  /** Deletes objects no row refers to and older than the grace period; answers their names. */
  async deleteOrphans(graceMs = ORPHAN_GRACE_MS): Promise<string[]> {
    const objects = await this.store.list();
    // Object ages are the bucket's real times, so real time: a test clock moved forward must not delete uploads in flight.
    const cutoff = Date.now() - graceMs;
    const candidates = objects.filter((o) => !o.deleted && Date.parse(o.mtime) < cutoff).map((o) => o.name);
    if (candidates.length === 0) return [];
    const known: { object_name: string }[] = await this.ds.query(
      `SELECT object_name FROM stored_file WHERE object_name = ANY($1)`,
      [candidates],
    );
    const referenced = new Set(known.map((r) => r.object_name));
    const orphans = candidates.filter((name) => !referenced.has(name));
    for (const name of orphans) await this.store.delete(name);
    if (orphans.length) this.logger.info({ orphans: orphans.length }, 'deleted unreferenced uploads');
    return orphans;
  }
}

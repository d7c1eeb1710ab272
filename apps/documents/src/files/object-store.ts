import { DOCUMENTS_BUCKET } from '@jlis/contracts';
import { NatsConnection, ObjectInfo, ObjectStore, StorageType } from 'nats';

/** SHA-256 in the Object Store's digest notation (`SHA-256=<base64url>`) from hex. */
export function objectDigest(sha256Hex: string): string {
  return `SHA-256=${Buffer.from(sha256Hex, 'hex').toString('base64url')}`;
}

/**
 * The documents service's side of the files bucket (the gateway writes and reads bytes; documents only
 * checks what it records, and deletes what nobody refers to).
 */
export class DocumentsObjectStore {
  private store?: Promise<ObjectStore>;

  constructor(private readonly nc: NatsConnection) {}

  bucket(): Promise<ObjectStore> {
    this.store ??= this.nc.jetstream().views.os(DOCUMENTS_BUCKET, { storage: StorageType.File });
    return this.store;
  }

  async info(name: string): Promise<ObjectInfo | null> {
    return (await this.bucket()).info(name);
  }

  async list(): Promise<ObjectInfo[]> {
    return (await this.bucket()).list();
  }

  async delete(name: string): Promise<void> {
    await (await this.bucket()).delete(name);
  }
}

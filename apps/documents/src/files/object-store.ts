import { DOCUMENTS_BUCKET } from '@jlis/contracts';
import { NatsConnection, ObjectInfo, ObjectStore, StorageType } from 'nats';

/** The hex SHA-256 of an Object Store digest (`SHA-256=<base64url, padded or not>`), or null for another notation. */
export function digestHex(digest: string | undefined): string | null {
  if (!digest?.startsWith('SHA-256=')) return null;
  const bytes = Buffer.from(digest.slice(8).replace(/=+$/, ''), 'base64url');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}

/**
 * The documents service's side of the files bucket (the gateway writes and reads bytes; documents only
 * checks what it records, and deletes what nobody refers to).
 */
export class DocumentsObjectStore {
  private store?: Promise<ObjectStore>;

  constructor(private readonly nc: NatsConnection) {}

  bucket(): Promise<ObjectStore> {
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

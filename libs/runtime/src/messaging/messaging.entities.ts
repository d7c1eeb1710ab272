import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Events written in the same transaction as the state change they describe; the relay publishes them. */
@Entity({ name: 'outbox' })
export class OutboxRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'uuid', unique: true }) id: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) envelope: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt: Date | null;
}

/** Ids of events this service has applied, written in the same transaction as the effect. */
@Entity({ name: 'inbox' })
export class InboxRow {
  @PrimaryColumn({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'text' }) type: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'processed_at' }) processedAt: Date;
}

/** Events a handler kept failing on, after the last retry; kept for operators, never dropped silently. */
@Entity({ name: 'dead_letter' })
export class DeadLetterRow {
  @PrimaryColumn({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) envelope: Record<string, unknown>;
  @Column({ type: 'text' }) error: string;
  @Column({ type: 'int' }) attempts: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'failed_at' }) failedAt: Date;
}

/** Stored answers of creating commands, keyed by caller and `Idempotency-Key`. */
@Entity({ name: 'idempotency_key' })
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'text', name: 'caller_sub' }) callerSub: string;
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'text', name: 'request_hash' }) requestHash: string;
  @Column({ type: 'jsonb', nullable: true }) response: unknown;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt: Date;
}

export const RUNTIME_ENTITIES = [OutboxRow, InboxRow, DeadLetterRow, IdempotencyKeyRow];

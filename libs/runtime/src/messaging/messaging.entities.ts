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
  /** Publications JetStream refused; at the relay's limit the row is parked (and listed as a dead letter). */
  @Column({ type: 'int' }) attempts: number;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', name: 'retry_at', nullable: true }) retryAt: Date | null;
  @Column({ type: 'timestamptz', name: 'parked_at', nullable: true }) parkedAt: Date | null;
}

/** Ids of events this service has applied, written in the same transaction as the effect. */
@Entity({ name: 'inbox' })
export class InboxRow {
  @PrimaryColumn({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'text' }) type: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'processed_at' }) processedAt: Date;
}

/** Handler failures of an event not yet parked, counted by the consumer (infrastructure failures are not). */
@Entity({ name: 'event_failure' })
export class EventFailureRow {
  @PrimaryColumn({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'int' }) attempts: number;
  @Column({ type: 'text', name: 'last_error' }) lastError: string;
  @Column({ type: 'timestamptz', name: 'failed_at' }) failedAt: Date;
}

/**
 * Events a handler kept failing on, and outbox rows JetStream kept refusing, after the last retry; kept for
 * operators (listed, replayed, discarded), never dropped silently. What happened since is in `dead_letter_action`.
 */
@Entity({ name: 'dead_letter' })
export class DeadLetterRow {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'text' }) source: string;
  @Column({ type: 'uuid', name: 'event_id' }) eventId: string;
  @Column({ type: 'text' }) type: string;
  @Column({ type: 'jsonb' }) envelope: Record<string, unknown>;
  @Column({ type: 'text' }) error: string;
  @Column({ type: 'int' }) attempts: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'failed_at' }) failedAt: Date;
}

/** The append-only history of a dead letter: parked, replayed, replay-failed, discarded (with the reason). */
@Entity({ name: 'dead_letter_action' })
export class DeadLetterActionRow {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'uuid', name: 'dead_letter_id' }) deadLetterId: string;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @Column({ type: 'timestamptz' }) at: Date;
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

export const RUNTIME_ENTITIES = [
  OutboxRow,
  InboxRow,
  EventFailureRow,
  DeadLetterRow,
  DeadLetterActionRow,
  IdempotencyKeyRow,
];

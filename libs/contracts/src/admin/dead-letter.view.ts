import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SERVICES, ServiceName } from '../health/health.check';

/**
 * Where a dead letter comes from: an event a service's consumer kept failing on (`consumer`), or an event a service
 * could not publish from its outbox (`outbox`). Changing a value needs a migration plan: rows store it.
 */
export const DEAD_LETTER_SOURCES = ['consumer', 'outbox'] as const;
export type DeadLetterSource = (typeof DEAD_LETTER_SOURCES)[number];

/** The state of a dead letter: the latest thing that happened to it. */
export const DEAD_LETTER_STATUSES = ['parked', 'replayed', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

/** What can happen to a dead letter; its history is these, oldest first, never rewritten. */
export const DEAD_LETTER_ACTIONS = ['parked', 'replayed', 'replay-failed', 'discarded'] as const;
export type DeadLetterAction = (typeof DEAD_LETTER_ACTIONS)[number];

export class DeadLetterEventView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'documents.submission.accepted' }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: "The owner's aggregate the event is about." }) aggregateId: string;
  @ApiProperty() aggregateVersion: number;
  @ApiPropertyOptional({ format: 'uuid' }) applicationId?: string;
}

export class DeadLetterHistoryView {
  @ApiProperty({ enum: DEAD_LETTER_ACTIONS }) action: DeadLetterAction;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: '`system`, or the operator who acted.' }) actor: string;
  @ApiPropertyOptional({ description: 'Why it was discarded.' }) reason?: string;
  @ApiPropertyOptional({ description: 'Why it failed (parked, replay-failed).' }) error?: string;
}

export class DeadLetterView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SERVICES, description: 'The service that holds it.' }) service: ServiceName;
  @ApiProperty({
    enum: DEAD_LETTER_SOURCES,
    description: '`consumer`: the service failed to apply the event; `outbox`: it could not publish it.',
  })
  source: DeadLetterSource;
  @ApiProperty({ enum: DEAD_LETTER_STATUSES }) status: DeadLetterStatus;
  @ApiProperty({ type: DeadLetterEventView }) event: DeadLetterEventView;
  @ApiProperty({ description: 'Failed tries before it was parked.' }) attempts: number;
  @ApiProperty({ description: 'The latest failure, in one line.' }) error: string;
  @ApiProperty({ format: 'date-time' }) parkedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When its history last changed.' }) updatedAt: string;
  @ApiProperty({ type: [DeadLetterHistoryView] }) history: DeadLetterHistoryView[];
}

import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { RetentionSettings } from './retention.config';

/**
 * What the provisioning identity reads (npm run migrate, npm start, the Kubernetes migrations Job): the retention
 * settings that shape the EVENTS stream and how many copies JetStream keeps of it. Services do not read the replica
 * count: they only read their consumer's info (docs/security.md), so only provisioning can change the stream.
 */
export class ProvisioningSettings extends RetentionSettings {
  /**
   * Copies of the EVENTS stream and of the files bucket: 3 on a three-node JetStream cluster (any one node may fail),
   * 1 on a single server (a single server refuses more). A stream provisioned with another count is updated.
   */
  @Expose()
  @Type(() => Number)
  @IsInt({ message: 'NATS_STREAM_REPLICAS must be a whole number' })
  @Min(1, { message: 'NATS_STREAM_REPLICAS must be at least 1' })
  @Max(5, { message: 'NATS_STREAM_REPLICAS must be at most 5 (JetStream keeps at most five copies)' })
  NATS_STREAM_REPLICAS = 1;
}

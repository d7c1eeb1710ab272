import { ApiProperty } from '@nestjs/swagger';
import { SERVICES } from '@jlis/contracts';
import type * as C from '@jlis/contracts';

export class Liveness {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

/** One service's answer to the readiness check (`ok: false` alone when it did not answer). */
export class ServiceHealth implements Partial<C.HealthCheck.Response> {
  @ApiProperty({ enum: SERVICES }) service: C.ServiceName;
  @ApiProperty() ok: boolean;
  @ApiProperty({ required: false, description: 'Whether its database answered.' }) database?: boolean;
  @ApiProperty({ required: false, description: 'The instance that answered.' }) instance?: string;
  @ApiProperty({ required: false }) pid?: number;
}

export class Readiness {
  @ApiProperty({ enum: ['ready'] }) status: 'ready';
  @ApiProperty({ type: [ServiceHealth] }) services: ServiceHealth[];
}

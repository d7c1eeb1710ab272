import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { IsCalendarDate } from './corporate-number';

/** POST /applications/{id}/lgwan-task (applicant, operator): R9. */
export namespace LgwanTaskComplete {
  export const subject = 'access.lgwan-task.complete';
  @ApiSchema({ name: 'LgwanTaskCompleteBody' })
  export class Body {
    @ApiProperty({
      example: '2026-05-20',
      description: 'the day the LGWAN national center procedure was completed (not in the future)',
    })
    @IsCalendarDate()
    completedOn: string;
  }
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }
  export type Response = { applicationId: string; completedOn: string; recordedBy: string; recordedAt: string };
}

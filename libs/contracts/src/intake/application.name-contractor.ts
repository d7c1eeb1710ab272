import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { CaseView } from './application.view';

/** The case names (or renames) its system contractor (A-3; R4). The contractor must be registered in access. */
export namespace ApplicationNameContractor {
  export const subject = 'intake.application.name-contractor';

  @ApiSchema({ name: 'ApplicationNameContractorBody' })
  export class Body {
    @ApiProperty({ description: 'Id of a contractor registered with POST /contractors' })
    @IsString()
    @IsNotEmpty()
    @MaxLength(64)
    contractorId: string;
  }

  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
    @ValidateNested() @Type(() => Body) body: Body;
  }

  export type Response = CaseView;
}

import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Caller } from '../caller';
import { Page } from '../common/page';
import { ContactSnapshot } from './intake.events';

/** One set of contacts in the case's history: set 1 from A-1, then one per accepted A-11-3. */
export interface ContactSetView {
  set: number;
  source: string;
  since: string;
  submissionId: string | null;
  contacts: ContactSnapshot[];
}

/** Every set of contacts the case has had, newest first (parties only). */
export namespace ApplicationContacts {
  export const subject = 'intake.application.contacts';
  export class Request {
    @ValidateNested() @Type(() => Caller) caller: Caller;
    @IsUUID() applicationId: string;
  }
  export type Response = Page<ContactSetView>;
}

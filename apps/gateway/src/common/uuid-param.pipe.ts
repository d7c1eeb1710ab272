import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@jlis/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses a path id that is not a UUID with a 400 naming the parameter (the services would say `applicationId`). */
export function assertUuidParam(name: string, value: string): string {
  if (!UUID.test(value)) throw DomainError.validation([{ field: name, message: `${name} must be a UUID` }]);
  return value;
}

@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}
  transform(value: string): string {
    return assertUuidParam(this.name, value);
  }
}

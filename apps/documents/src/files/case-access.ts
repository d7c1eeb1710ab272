import { ApplicationSnapshot, Caller, isCaseParty } from '@jlis/contracts';
import { CaseProjection, DomainError, flattenValidationErrors } from '@jlis/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';

/**
 * The case for a command or query: PRECONDITION_NOT_YET_KNOWN while intake's event has not arrived, and
 * NOT_FOUND for a caller who is not one of its parties.
 */
export async function caseFor(
  cases: CaseProjection,
  caller: Caller,
  applicationId: string,
  m?: EntityManager,
): Promise<ApplicationSnapshot> {
  const snapshot = await cases.require(applicationId, m);
  if (
    !isCaseParty(caller, {
      applicationId,
      organizationCode: snapshot.organizationCode,
      contractorId: snapshot.contractorId,
    })
  ) {
    throw DomainError.notFound('Application', applicationId);
  }
  return snapshot;
}

/** Validates a body the handler took loosely (so that the object-level check comes first), as the global pipe would. */
export async function validPayload<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  if (plain !== undefined && (typeof plain !== 'object' || plain === null || Array.isArray(plain))) {
    throw DomainError.validation([{ field: 'body', message: 'must be an object' }]);
  }
  const instance = plainToInstance(cls, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw DomainError.validation(flattenValidationErrors(errors));
  return instance;
}

import { ApplicationSnapshot, Caller, isCaseParty } from '@jlis/contracts';
import { CaseProjection, DomainError } from '@jlis/runtime';
import { EntityManager } from 'typeorm';

/**
 * The case for a command or query: PRECONDITION_NOT_YET_KNOWN while intake's event has not arrived, and
 * NOT_FOUND for a caller who is not one of its parties.
 */
export async function caseFor(cases: CaseProjection, caller: Caller, applicationId: string, m?: EntityManager): Promise<ApplicationSnapshot> {
  const snapshot = await cases.require(applicationId, m);
  if (!isCaseParty(caller, { applicationId, organizationCode: snapshot.organizationCode, contractorId: snapshot.contractorId })) {
    throw DomainError.notFound('Application', applicationId);
  }
  return snapshot;
}

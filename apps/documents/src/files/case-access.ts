import { ApplicationSnapshot, Caller, CaseReach } from '@jlis/contracts';
import {
  CaseProjection,
  DomainError,
  flattenValidationErrors,
  requireCaseReach,
  ruleR4ContractorCovered,
} from '@jlis/runtime';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';

/**
 * Whether the NDA covers the contractor the case names: reads R4's facts (documents keeps both the NDAs and the
 * A-03-2s, so it is the one place that can) and asks `ruleR4ContractorCovered`.
 */
export async function contractorCovered(m: EntityManager, snapshot: ApplicationSnapshot): Promise<boolean> {
  if (!snapshot.contractorId)
    return ruleR4ContractorCovered({ contractorId: null, ndaOnFile: false, acceptedA0302ContractorIds: [] });
  const [row]: { nda_on_file: boolean; named: string[] }[] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM contractor_nda WHERE organization_code = $1 AND contractor_id::text = $2) AS nda_on_file,
            ARRAY(SELECT DISTINCT s.fields->>'contractorId' FROM submission s
                    JOIN submission_review r ON r.submission_id = s.id
                   WHERE s.application_id = $3 AND s.form_code = 'A-03-2' AND r.decision = 'accepted'
                     AND s.fields->>'contractorId' IS NOT NULL) AS named`,
    [snapshot.organizationCode, snapshot.contractorId, snapshot.id],
  );
  return ruleR4ContractorCovered({
    contractorId: snapshot.contractorId,
    ndaOnFile: row.nda_on_file,
    acceptedA0302ContractorIds: row.named,
  });
}

/**
 * The case for a command or query: PRECONDITION_NOT_YET_KNOWN while intake's event has not arrived, NOT_FOUND for a
 * caller who is not one of its parties, and CONTRACTOR_NDA_REQUIRED for the contractor it names asking for what is
 * `confidential` before the NDA covers it (`isCaseParty` decides, through `requireCaseReach`).
 */
export async function caseFor(
  cases: CaseProjection,
  caller: Caller,
  applicationId: string,
  m: EntityManager,
  reach: CaseReach = 'case',
  notFound: () => DomainError = () => DomainError.notFound('Application', applicationId),
): Promise<ApplicationSnapshot> {
  const snapshot = await cases.require(applicationId, m);
  const parties = {
    applicationId,
    organizationCode: snapshot.organizationCode,
    contractorId: snapshot.contractorId,
    // Asked only where it matters: the named contractor reaching for what is confidential.
    contractorCovered:
      reach === 'confidential' && caller.role === 'contractor' && caller.contractor === snapshot.contractorId
        ? await contractorCovered(m, snapshot)
        : undefined,
  };
  requireCaseReach(caller, parties, reach, notFound);
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

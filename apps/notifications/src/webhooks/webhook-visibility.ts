import { ApplicationSnapshot, Caller, isCaseParty } from '@jlis/contracts';

/**
 * Whether a subscription's owner may receive an event of this case: exactly whether it may read the case — the one
 * case-party check of contracts, against the case as this service holds it now (so a contractor the case no longer
 * names receives nothing from then on).
 */
export function mayReceive(owner: Caller, snapshot: ApplicationSnapshot): boolean {
  return isCaseParty(owner, {
    applicationId: snapshot.id,
    organizationCode: snapshot.organizationCode,
    contractorId: snapshot.contractorId,
  });
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DisclosureCreate, DisclosureList, DisclosureView, DocumentsEvents } from '@jlis/contracts';
import { CaseProjection, Clock, Outbox, ruleR4DisclosureToContractor, withIdempotency } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { caseFor } from '../files/case-access';
import { ReferencesProjection } from '../references/references.projection';
import { SubmissionReferences } from '../submissions/submission-references';
import { SubmissionsService } from '../submissions/submissions.service';
import { paged } from './papers.repository';

/** R4: the disclosure ledger — specs passed on to the contractor, what, to whom, when, under which NDA. */
@Injectable()
export class DisclosuresService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseProjection,
    private readonly refs: ReferencesProjection,
    private readonly submissions: SubmissionsService,
    private readonly references: SubmissionReferences,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** R4: only what an accepted A-03-2 names, to the contractor it names, with the NDA on file; kept in the ledger. */
  async disclose(req: DisclosureCreate.Request): Promise<DisclosureCreate.Response> {
    return this.ds.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        req.caller,
        req.idempotencyKey,
        { a: req.applicationId, b: req.body },
        async () => {
          const snapshot = await caseFor(this.cases, req.caller, req.applicationId, m);
          const { contractorId, items } = req.body;
          // Only to the contractor the case names now: a previous contractor receives nothing more (A-13 change).
          await this.refs.requireCaseContractor(m, contractorId, 'contractorId', snapshot.contractorId);
          await this.references.requireSpecItems(m, items, 'items');
          const a0302 = (await this.submissions.acceptedLatest(m, req.applicationId, ['A-03-2'])).get('A-03-2');
          const [nda]: { id: string }[] = await m.query(
            `SELECT id FROM contractor_nda WHERE organization_code = $1 AND contractor_id = $2`,
            [snapshot.organizationCode, contractorId],
          );
          ruleR4DisclosureToContractor({ contractorId, items, a0302, ndaOnFile: !!nda });
          const [{ id }]: { id: string }[] = await m.query(
            `INSERT INTO disclosure (application_id, organization_code, contractor_id, items, nda_id, submission_id, recorded_by, disclosed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
            [
              req.applicationId,
              snapshot.organizationCode,
              contractorId,
              items,
              nda.id,
              a0302!.submission_id,
              req.caller.sub,
              this.clock.now(),
            ],
          );
          await this.outbox.add(m, {
            type: DocumentsEvents.DisclosureRecorded,
            aggregateId: id,
            aggregateVersion: 1,
            applicationId: req.applicationId,
            payload: {
              disclosureId: id,
              applicationId: req.applicationId,
              organizationCode: snapshot.organizationCode,
              contractorId,
              items,
              ndaId: nda.id,
            },
          });
          return (await this.disclosures(m, req.applicationId, id))[0];
        },
      );
      return response;
    });
  }

  async listDisclosures(req: DisclosureList.Request): Promise<DisclosureList.Response> {
    await caseFor(this.cases, req.caller, req.applicationId, this.ds.manager);
    const all = await this.disclosures(this.ds.manager, req.applicationId);
    // A contractor sees what was disclosed to it, not what a contractor the case named before received.
    const mine = req.caller.role === 'contractor' ? all.filter((d) => d.contractorId === req.caller.contractor) : all;
    return paged(mine, req.query);
  }

  private async disclosures(m: EntityManager, applicationId: string, id?: string): Promise<DisclosureView[]> {
    const rows: {
      id: string;
      application_id: string;
      organization_code: string;
      contractor_id: string;
      items: string[];
      nda_id: string;
      submission_id: string;
      disclosed_at: Date;
      recorded_by: string;
    }[] = await m.query(
      `SELECT * FROM disclosure WHERE application_id = $1 ${id ? 'AND id = $2' : ''} ORDER BY disclosed_at`,
      id ? [applicationId, id] : [applicationId],
    );
    return rows.map((r) => ({
      id: r.id,
      applicationId: r.application_id,
      organizationCode: r.organization_code,
      contractorId: r.contractor_id,
      items: r.items,
      ndaId: r.nda_id,
      submissionId: r.submission_id,
      disclosedAt: new Date(r.disclosed_at).toISOString(),
      recordedBy: r.recorded_by,
    }));
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, ApprovalDocumentGet, DecisionPayload, EventEnvelope } from '@jlis/contracts';
import { CaseProjection, DomainError, EventConsumer, Outbox } from '@jlis/runtime';
import { DataSource, EntityManager } from 'typeorm';
import { GrantSet } from '../grants/grants.repository';
import { ApprovalDocumentRenderer } from './approval-document.renderer';

/** Channel the consumer NOTIFYs (on commit) when a document becomes due; ApprovalDocumentsJob LISTENs on it. */
export const APPROVAL_DOCUMENTS_CHANNEL = 'access_approval_documents_due';

interface DocumentRow {
  grant_id: string;
  application_id: string;
  filename: string;
  content: Buffer;
}

/**
 * The approved A-11-2 (申請書兼承認書) returned to the local government as a PDF it can print. Rendered off the command
 * path — by ApprovalDocumentsJob once the consumer recorded the production grant's approval as due — stored once per grant, announced
 * with the file (the letter carries it) and downloadable by the case's parties.
 */
@Injectable()
export class ApprovalDocumentsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly consumer: EventConsumer,
    private readonly outbox: Outbox,
    private readonly cases: CaseProjection,
    private readonly renderer: ApprovalDocumentRenderer,
  ) {}

  onModuleInit(): void {
    this.consumer.on<DecisionPayload>(AccessEvents.DecisionApproved, (e, m) => this.noteDue(e, m));
  }

  /**
   * In the decision event's transaction: only records that the grant's document is due and wakes the job. Rendering
   * (pdfkit, tens of milliseconds of CPU) happens in ApprovalDocumentsJob, off the consumer's loop, so it no longer
   * holds up every event behind it. A redelivered event finds the row (or the document) and changes nothing.
   */
  async noteDue(event: EventEnvelope<DecisionPayload>, m: EntityManager): Promise<void> {
    const p = event.payload;
    if (p?.kind !== 'production-grant' || !p.grantId) return;
    // The decision and its grant commit together, so a grant this database does not hold is not one of its own (the
    // event replayed into another database): nothing to render.
    const grant: unknown[] = await m.query(`SELECT 1 FROM access_grant WHERE id = $1`, [p.grantId]);
    if (!grant.length) return;
    const seen: unknown[] = await m.query(`SELECT 1 FROM approval_document WHERE grant_id = $1`, [p.grantId]);
    if (seen.length) return;
    await m.query(
      `INSERT INTO approval_document_due (grant_id, correlation_id, decided_at) VALUES ($1, $2, $3)
       ON CONFLICT (grant_id) DO NOTHING`,
      [p.grantId, event.correlationId, event.occurredAt],
    );
    await m.query(`SELECT pg_notify($1, '')`, [APPROVAL_DOCUMENTS_CHANNEL]);
  }

  /**
   * Renders, stores and announces the document of one due grant, in the caller's transaction (the job's, which also
   * deletes the due row). Idempotent: a document already stored is not rendered again; `renderedAt` is the decision's
   * time, so a re-render (a run that did not commit) is byte-identical.
   */
  async issue(m: EntityManager, grantId: string, renderedAt: string): Promise<void> {
    const seen: unknown[] = await m.query(`SELECT 1 FROM approval_document WHERE grant_id = $1`, [grantId]);
    if (seen.length) return;
    const set = await GrantSet.load(m, `g.id = $1`, [grantId]);
    const grant = set.grants[0];
    if (!grant) return;
    const snapshot = await this.cases.require(grant.application_id, m);
    const contractor: { name: string }[] = grant.contractor_id
      ? await m.query(`SELECT name FROM contractor WHERE id = $1`, [grant.contractor_id])
      : [];
    const a112: { fields: Record<string, unknown> }[] = await m.query(
      `SELECT fields FROM accepted_submission WHERE submission_id = $1`,
      [grant.submission_id],
    );
    const requested = a112[0]?.fields.startDate;
    const startDate = typeof requested === 'string' ? requested : grant.effective_on;
    // On a worker thread: the claim's transaction waits, access's event loop does not.
    const pdf = await this.renderer.render({
      approvalNumber: grant.approval_number,
      approvedOn: grant.approved_on,
      approver: grant.approver,
      organizationName: snapshot.organizationName,
      verifierName: snapshot.verifierName,
      department: snapshot.department,
      verifierKinds: snapshot.verifierKinds,
      contractorName: contractor[0]?.name ?? null,
      method: grant.method,
      cidrs: grant.cidrs,
      startDate,
      effectiveOn: grant.effective_on,
      changeKind: grant.change_kind,
    });
    const filename = `A-11-2_${grant.approval_number}.pdf`;
    await m.query(
      `INSERT INTO approval_document (grant_id, application_id, filename, content, rendered_at) VALUES ($1, $2, $3, $4, $5)`,
      [grant.id, grant.application_id, filename, pdf, renderedAt],
    );
    await this.outbox.add(m, {
      type: AccessEvents.ApprovalDocumentIssued,
      aggregateId: grant.id,
      aggregateVersion: 1,
      applicationId: grant.application_id,
      payload: {
        grantId: grant.id,
        applicationId: grant.application_id,
        contractorId: grant.contractor_id,
        approvalNumber: grant.approval_number,
        approvedOn: grant.approved_on,
        approver: grant.approver,
        filename,
        contentType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      },
    });
  }

  async get(req: ApprovalDocumentGet.Request): Promise<ApprovalDocumentGet.Response> {
    const m = this.ds.manager;
    const grants: { application_id: string; environment: string }[] = await m.query(
      `SELECT application_id, environment FROM access_grant WHERE id = $1`,
      [req.grantId],
    );
    if (!grants.length) throw DomainError.notFound('Access grant', req.grantId);
    // Visible to the case's parties only; anyone else learns nothing of the grant.
    await this.cases.requireVisible(req.caller, grants[0].application_id, m);
    if (grants[0].environment !== 'production') {
      throw new DomainError(
        'NOT_FOUND',
        'テスト環境のアクセス権には承認書（A-11-2）はありません。 / Test access has no approved A-11-2; the document exists for production grants.',
      );
    }
    const rows: DocumentRow[] = await m.query(
      `SELECT grant_id, application_id, filename, content FROM approval_document WHERE grant_id = $1`,
      [req.grantId],
    );
    if (!rows.length) {
      throw new DomainError(
        'PRECONDITION_NOT_YET_KNOWN',
        '承認書（A-11-2）を作成中です。少し待って再度お試しください。 / The approved A-11-2 is being prepared; try again in a moment.',
        { missing: ['approval-document'] },
      );
    }
    return {
      filename: rows[0].filename,
      contentType: 'application/pdf',
      contentBase64: rows[0].content.toString('base64'),
    };
  }
}

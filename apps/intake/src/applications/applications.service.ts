import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  APPLICATION_STATUS_NAMES,
  ApplicationNameContractor,
  ApplicationQualify,
  ApplicationRequest,
  ApplicationTestCompletion,
  ApplicationUpdate,
  ApplicationWithdraw,
  CaseView,
  IntakeEvents,
  VERIFIER_KIND_NAMES,
} from '@jlis/contracts';
import { Clock, DomainError, ruleR2QualificationOnce, withIdempotency } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationRow } from '../cases/case-row';
import { CaseStore } from '../cases/case-store';
import { FINISHED_STATUSES, OPEN_STATUSES } from '../cases/case-steps';
import { DirectoryService } from '../directory/directory.service';

/** The commands on a case, the online-test wish, the contractor, withdrawal. */
@Injectable()
export class ApplicationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: CaseStore,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  /** opens a case (status requested) with its first contact; one open case per organisation and verifier kind. */
  async request(req: ApplicationRequest.Request): Promise<CaseView> {
    const { caller, body } = req;
    if (caller.role === 'contractor')
      throw new DomainError('FORBIDDEN', 'System contractors cannot open a case; the local government applies.');
    if (caller.role === 'applicant' && caller.org !== body.organizationCode) {
      throw new DomainError(
        'FORBIDDEN',
        `申請者は自団体（${caller.org}）の申請のみ行えます。 / An applicant may only apply for its own organisation (${caller.org}).`,
        { organizationCode: body.organizationCode },
      );
    }
    return this.dataSource.transaction(async (m) => {
      const { response } = await withIdempotency(m, caller, req.idempotencyKey, body, async () => {
        const organization = await this.directory.requireApplicable(m, body.organizationCode);
        // Serialises A-1s of one organisation, so two concurrent requests cannot both pass the open-case check.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`intake:open-case:${body.organizationCode}`]);
        const [open]: Pick<ApplicationRow, 'id' | 'verifier_kinds' | 'status' | 'reception_number'>[] = await m.query(
          `SELECT id, verifier_kinds, status, reception_number FROM application
           WHERE organization_code = $1 AND status = ANY($2) AND verifier_kinds && $3::text[] ORDER BY requested_at LIMIT 1`,
          [body.organizationCode, OPEN_STATUSES, body.verifierKinds],
        );
        if (open) {
          const shared = open.verifier_kinds.filter((k) => body.verifierKinds.includes(k));
          const ja = shared.map((k) => VERIFIER_KIND_NAMES[k].ja).join('・');
          const en = shared.map((k) => VERIFIER_KIND_NAMES[k].en).join(' and ');
          throw new DomainError(
            'APPLICATION_ALREADY_OPEN',
            `${organization.name}には同じ検証の種類（${ja}）の申請が既にあります（受付番号 ${open.reception_number}、${APPLICATION_STATUS_NAMES[open.status].ja}）。その申請で手続を続けてください。 / ${organization.name} already has an open case for ${en} (${open.reception_number}); please continue that case.`,
            {
              applicationId: open.id,
              receptionNumber: open.reception_number,
              status: open.status,
              verifierKinds: open.verifier_kinds,
            },
          );
        }
        const id = randomUUID();
        const now = this.clock.now();
        // The 受付番号 is taken last, just before the event (below): the year's counter row stays locked until this
        // transaction commits and every A-1 waits for it, so the fewer statements after it, the more A-1s a second
        // (docs/benchmarks.md § Write path, step by step). Until then the row holds a stand-in that no other
        // transaction can see and that is unique like the number; the number replaces it before the commit.
        await m.query(
          `INSERT INTO application (id, organization_code, organization_name, verifier_name, verifier_kinds, department, status,
             contractor_id, wants_online_test, requested_at, requested_by, version, reception_number)
           VALUES ($1, $2, $3, $4, $5, $6, 'requested', NULL, $7, $8, $9, 0, $10)`,
          [
            id,
            body.organizationCode,
            organization.name,
            body.verifierName,
            body.verifierKinds,
            body.department,
            body.wantsOnlineTest ?? true,
            now,
            caller.sub,
            `pending:${id}`,
          ],
        );
        await m.query(
          `INSERT INTO contact (application_id, set_no, role, name, department, phone, email, source, recorded_at)
           VALUES ($1, 1, 'primary', $2, $3, $4, $5, 'A-1', $6)`,
          [id, body.contact.name, body.department, body.contact.phone, body.contact.email, now],
        );
        const receptionNumber = await this.store.takeReceptionNumber(m, now);
        await this.store.recordEvent(m, id, IntakeEvents.ApplicationRequested, {}, undefined, { receptionNumber });
        return this.store.view(m, id);
      });
      return response;
    });
  }

  /** A-2 (R2): qualified or rejected, only while the case is requested; a rejection keeps its reason. */
  async qualify(req: ApplicationQualify.Request): Promise<CaseView> {
    const { caller, body } = req;
    if (caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators decide qualification (A-2).');
    return this.dataSource.transaction(async (m) => {
      const row = await this.store.require(m, req.applicationId, caller);
      const reason = ruleR2QualificationOnce({ applicationId: row.id, status: row.status, reason: body.reason });
      await m.query(
        `INSERT INTO qualification (application_id, decision, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)`,
        [row.id, body.decision, reason, caller.sub, this.clock.now()],
      );
      await m.query(`UPDATE application SET status = $2 WHERE id = $1`, [row.id, body.decision]);
      if (body.decision === 'qualified') await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationQualified);
      else await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationRejected, { reason: reason ?? undefined });
      return this.store.view(m, row.id);
    });
  }

  /** PATCH: whether the online test environment is wanted (A-8, A-9 follow it). No change, no event. */
  async update(req: ApplicationUpdate.Request): Promise<CaseView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.editable(m, req.applicationId, req.caller);
      if (row.wants_online_test !== req.body.wantsOnlineTest) {
        await m.query(`UPDATE application SET wants_online_test = $2 WHERE id = $1`, [
          row.id,
          req.body.wantsOnlineTest,
        ]);
        await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationUpdated);
      }
      return this.store.view(m, row.id);
    });
  }

  /** PUT contractor: names (or renames) the case's system contractor; it must be registered in access. */
  async nameContractor(req: ApplicationNameContractor.Request): Promise<CaseView> {
    const contractorId = req.body.contractorId.trim();
    return this.dataSource.transaction(async (m) => {
      const row = await this.editable(m, req.applicationId, req.caller);
      const [known]: unknown[] = await m.query(`SELECT 1 FROM contractor WHERE contractor_id = $1`, [contractorId]);
      if (!known) {
        const message =
          '指定されたシステム受託者は登録されていません。J-LIS に受託者の登録を依頼するか、指定した受託者をご確認ください。 / The contractor given is not registered (or its registration has not reached intake yet); check it or ask J-LIS to register it.';
        throw new DomainError('CONTRACTOR_UNKNOWN', message, { contractorId }, [{ field: 'contractorId', message }]);
      }
      if (row.contractor_id !== contractorId) {
        await m.query(`UPDATE application SET contractor_id = $2 WHERE id = $1`, [row.id, contractorId]);
        await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationContractorNamed, {
          previousContractorId: row.contractor_id,
        });
      }
      return this.store.view(m, row.id);
    });
  }

  /** Withdrawal: a case that never went live is closed by its applicant (or an operator); the reason is kept. */
  async withdraw(req: ApplicationWithdraw.Request): Promise<CaseView> {
    const { caller } = req;
    return this.dataSource.transaction(async (m) => {
      const { response } = await withIdempotency(
        m,
        caller,
        req.idempotencyKey,
        { id: req.applicationId, ...req.body },
        async () => {
          const row = await this.editable(m, req.applicationId, caller);
          if (row.status !== 'requested' && row.status !== 'qualified') {
            throw new DomainError(
              'APPLICATION_NOT_WITHDRAWABLE',
              `本番アクセス権があるため取り下げできません（状態: ${APPLICATION_STATUS_NAMES[row.status].ja}）。J-LIS にアクセス権の取消を依頼してください。 / This case has production access (${row.status}); ask J-LIS to revoke it instead.`,
              { applicationId: row.id, status: row.status },
            );
          }
          await m.query(`UPDATE application SET status = 'withdrawn' WHERE id = $1`, [row.id]);
          await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationStatusChanged, {
            reason: req.body.reason.trim(),
          });
          return this.store.view(m, row.id);
        },
      );
      return response;
    });
  }

  /**
   * A-10 テスト終了後: records once that the case's test is finished. With the cards back it completes A-10; a case that
   * wanted the online test gets production access only after it (testCompletionMissing).
   */
  async recordTestCompletion(req: ApplicationTestCompletion.Request): Promise<CaseView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.editable(m, req.applicationId, req.caller);
      if (row.test_completed_on) {
        if (row.test_completed_on === req.body.completedOn) return this.store.view(m, row.id);
        throw new DomainError(
          'TEST_COMPLETION_ALREADY_RECORDED',
          `テスト終了は ${row.test_completed_on} として記録済みです。訂正が必要な場合は J-LIS にご連絡ください。 / The test was already recorded as finished on ${row.test_completed_on}; ask J-LIS if it needs correcting.`,
          { testCompletedOn: row.test_completed_on },
        );
      }
      if (row.status === 'requested') {
        throw new DomainError(
          'TEST_COMPLETION_TOO_EARLY',
          '資格確認（A-2）の前にテスト終了は記録できません。 / The test cannot be finished before the case is qualified (A-2).',
          { status: row.status },
        );
      }
      const today = this.clock.todayInJapan();
      if (req.body.completedOn > today) {
        const message = `テスト終了日 ${req.body.completedOn} は未来の日付です。テスト終了後に記録してください。 / completedOn ${req.body.completedOn} is after today (${today}); record it once testing is finished.`;
        throw new DomainError('DATE_IN_FUTURE', message, undefined, [{ field: 'completedOn', message }]);
      }
      await m.query(
        `UPDATE application SET test_completed_on = $2, test_completed_by = $3, test_note = $4 WHERE id = $1`,
        [row.id, req.body.completedOn, req.caller.sub, req.body.note?.trim() || null],
      );
      await this.store.recordEvent(m, row.id, IntakeEvents.ApplicationTestCompleted);
      return this.store.view(m, row.id);
    });
  }

  /** A case the caller may change: a party that is not a contractor, and the case not finished. */
  private async editable(
    m: EntityManager,
    id: string,
    caller: ApplicationUpdate.Request['caller'],
  ): Promise<ApplicationRow> {
    if (caller.role === 'contractor')
      throw new DomainError('FORBIDDEN', 'System contractors cannot change a case; its applicant or J-LIS can.');
    const row = await this.store.require(m, id, caller);
    if (FINISHED_STATUSES.includes(row.status)) {
      throw new DomainError(
        'APPLICATION_CLOSED',
        `この申請は終了しています（状態: ${APPLICATION_STATUS_NAMES[row.status].ja}）。変更できません。 / This case is ${row.status} and can no longer be changed; open a new case if needed.`,
        { applicationId: row.id, status: row.status },
      );
    }
    return row;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CardLoanList, CardLoanView, isCaseParty, pageWindow } from '@jlis/contracts';
import { CaseProjection, Clock, DomainError } from '@jlis/runtime';
import { DataSource } from 'typeorm';
import { LOAN_COLUMNS, LOAN_FROM, loanViews, overdueCutoff } from './loan-views';
import { LoanCommands } from './loan-commands';

/** Reading loans of test cards: all of them for operators, a case's, one. Changes are LoanDispatchService's and LoanReturnsService's. */
@Injectable()
export class LoansService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseProjection,
    private readonly commands: LoanCommands,
  ) {}

  async list(req: CardLoanList.Request): Promise<CardLoanList.Response> {
    const { skip, take, page, limit } = pageWindow(req);
    const today = this.clock.todayInJapan();
    const where: string[] = [];
    const params: unknown[] = [];
    if (req.state) where.push(`c.state = $${params.push(req.state)}`);
    if (req.applicationId) where.push(`c.application_id = $${params.push(req.applicationId)}`);
    if (req.overdue === true)
      where.push(`c.state = 'shipped' AND c.expected_return_on < $${params.push(overdueCutoff(today))}::date`);
    if (req.overdue === false)
      where.push(`NOT (c.state = 'shipped' AND c.expected_return_on < $${params.push(overdueCutoff(today))}::date)`);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM ${LOAN_FROM} ${filter}`,
      params,
    );
    const rows = await this.ds.query(
      `SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} ${filter} ORDER BY c.opened_seq DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
      [...params, skip, take],
    );
    return { items: await loanViews(this.ds.manager, rows, today), total, page, limit };
  }

  async forCase(req: CardLoanList.ForCaseRequest): Promise<CardLoanList.ForCaseResponse> {
    // The gateway checked the caller against the case (@CaseRoute); check again where the projection knows it.
    const snapshot = await this.cases.find(req.applicationId);
    if (
      snapshot &&
      !isCaseParty(req.caller, {
        applicationId: req.applicationId,
        organizationCode: snapshot.organizationCode,
        contractorId: snapshot.contractorId,
      })
    ) {
      throw DomainError.notFound('Application', req.applicationId);
    }
    const { skip, take, page, limit } = pageWindow(req);
    const [{ total }]: { total: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total FROM card_loan WHERE application_id = $1`,
      [req.applicationId],
    );
    const rows = await this.ds.query(
      `SELECT ${LOAN_COLUMNS} FROM ${LOAN_FROM} WHERE c.application_id = $1 ORDER BY c.opened_seq OFFSET $2 LIMIT $3`,
      [req.applicationId, skip, take],
    );
    return { items: await loanViews(this.ds.manager, rows, this.clock.todayInJapan()), total, page, limit };
  }

  async get(req: CardLoanList.GetRequest): Promise<CardLoanView> {
    const view = await this.commands.view(this.ds.manager, req.loanId);
    if (!view || !(await this.commands.visible(req.caller, view.applicationId)))
      throw DomainError.notFound('Card loan', req.loanId);
    return view;
  }
}

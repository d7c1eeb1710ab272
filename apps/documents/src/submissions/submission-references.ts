import { Injectable } from '@nestjs/common';
import { ApplicationSnapshot } from '@jlis/contracts';
import { DomainError } from '@jlis/runtime';
import { EntityManager } from 'typeorm';
import { AgreementService } from '../agreement/agreement.service';
import { ReferencesProjection } from '../references/references.projection';
import { methodsMismatch } from './form-rules';
import { refuseSubmission } from './submission-answers';

/** What a submission's fields refer to — catalogue codes, other services' objects, the agreement — checked when it comes in. */
@Injectable()
export class SubmissionReferences {
  constructor(
    private readonly refs: ReferencesProjection,
    private readonly agreements: AgreementService,
  ) {}

  /** Catalogue codes and references to other services' objects, checked against local rows and projections. */
  async check(
    m: EntityManager,
    form: string,
    fields: Record<string, unknown>,
    snapshot: ApplicationSnapshot,
    series: number,
  ): Promise<void> {
    switch (form) {
      case 'A-03-1':
      case 'A-03-2': {
        await this.requireSpecItems(m, fields.items as string[], 'fields.items');
        if (form === 'A-03-2') {
          await this.refs.requireCaseContractor(
            m,
            fields.contractorId as string,
            'fields.contractorId',
            snapshot.contractorId,
          );
        }
        return;
      }
      case 'A-06':
        return this.refs.requireCardKinds(
          m,
          (fields.cards as { kind: string }[]).map((c) => c.kind),
        );
      case 'A-08-1':
        await this.refs.requireConnection(
          m,
          fields.connectionId as string,
          'fields.connectionId',
          'test',
          snapshot.contractorId,
        );
        return;
      case 'A-11-1': {
        const methods = fields.methods as Record<string, string>;
        const mismatch = methodsMismatch(methods, snapshot);
        if (mismatch.length) {
          throw new DomainError(
            'PROVISION_METHODS_MISMATCH',
            `情報提供方式は案件の検証者種別 (${snapshot.verifierKinds.join(', ')}) ごとに1つ選んでください。 / Choose one provision method per verifier kind of the case (${snapshot.verifierKinds.join(', ')}).`,
            undefined,
            mismatch,
          );
        }
        const known: { code: string }[] = await m.query(`SELECT code FROM provision_method WHERE active`);
        for (const [kind, method] of Object.entries(methods)) {
          if (!known.some((k) => k.code === method)) {
            throw refuseSubmission(
              'UNKNOWN_PROVISION_METHOD',
              `情報提供方式 ${method} はありません (${known.map((k) => k.code).join(', ')})。 / There is no provision method ${method}; use one of ${known.map((k) => k.code).join(', ')}.`,
              `fields.methods.${kind}`,
            );
          }
        }
        return;
      }
      case 'A-11-2': {
        const reason = fields.reason as string;
        if ((series === 1) !== (reason === 'initial')) {
          throw refuseSubmission(
            'CHANGE_REASON_MISMATCH',
            series === 1
              ? '最初のアクセス権登録申請の理由は initial です。 / The first production access registration has reason "initial".'
              : '受理済みの申請の後の再申請 (A-13) の理由は system-change か member-change です。 / A new registration after an accepted one (A-13) has reason "system-change" or "member-change".',
            'fields.reason',
          );
        }
        await this.refs.requireConnection(
          m,
          fields.connectionId as string,
          'fields.connectionId',
          'production',
          snapshot.contractorId,
        );
        await this.agreements.requireStartDateAllowed(m, snapshot.id, fields.startDate as string);
        return;
      }
      case 'A-11-3': {
        const contacts = fields.contacts as { role: string }[];
        if (!contacts.some((c) => c.role === 'primary')) {
          throw refuseSubmission(
            'VALIDATION_FAILED',
            '主担当 (role: primary) の連絡先を1件含めてください。 / Include one primary contact.',
            'fields.contacts',
          );
        }
        return;
      }
      default:
        return;
    }
  }

  /** Every spec item is an active catalogue code (`field.<i>` names the first that is not). */
  async requireSpecItems(m: EntityManager, items: string[], field: string): Promise<void> {
    const known: { code: string }[] = await m.query(`SELECT code FROM spec_item WHERE active`);
    const codes = new Set(known.map((k) => k.code));
    items.forEach((item, i) => {
      if (!codes.has(item)) {
        throw refuseSubmission(
          'UNKNOWN_SPEC_ITEM',
          `技術仕様 ${item} はありません (${[...codes].join(', ')})。 / There is no spec item ${item}; use one of ${[...codes].join(', ')}.`,
          `${field}.${i}`,
        );
      }
    });
  }
}

import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  ACCESS_ENVIRONMENT_NAMES,
  type AccessEnvironment,
  AccessEvents,
  CardKindDefinedPayload,
  CardsEvents,
  connectionCitation,
  connectionCitationSentence,
  ConnectionPayload,
  ContractorPayload,
  EventEnvelope,
} from '@jlis/contracts';
import { DomainError, EventConsumer } from '@jlis/runtime';
import { EntityManager } from 'typeorm';

export interface ConnectionRef {
  id: string;
  contractor_id: string;
  environment: string;
  method: string;
  withdrawn: boolean;
}

const unknown = (
  code: 'UNKNOWN_CARD_KIND' | 'UNKNOWN_CONTRACTOR' | 'UNKNOWN_CONNECTION',
  field: string,
  sentence: string,
) => new DomainError(code, sentence, { field }, [{ field, message: sentence }]);

/**
 * What documents knows of other services' catalogues, from their events: card kinds (cards), contractors
 * and connections (access). Submissions' references are checked against these at once.
 */
@Injectable()
export class ReferencesProjection implements OnModuleInit {
  constructor(@Inject(EventConsumer) private readonly consumer: EventConsumer) {}

  onModuleInit(): void {
    // Each row keeps its owner's version: an event older than the row (a late delivery) changes nothing.
    this.consumer.on<CardKindDefinedPayload>(
      CardsEvents.CardKindDefined,
      async ({ payload: p, aggregateVersion }, m) => {
        await m.query(
          `INSERT INTO card_kind_ref (code, name, active, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active, version = EXCLUDED.version, updated_at = now()
         WHERE card_kind_ref.version <= EXCLUDED.version`,
          [p.code, p.name, p.active !== false, aggregateVersion],
        );
      },
      { projection: true },
    );
    const contractor = async ({ payload: p, aggregateVersion }: EventEnvelope<ContractorPayload>, m: EntityManager) => {
      await m.query(
        `INSERT INTO contractor_ref (id, name, version) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, updated_at = now()
         WHERE contractor_ref.version <= EXCLUDED.version`,
        [p.contractorId, p.name, aggregateVersion],
      );
    };
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorRegistered, contractor, { projection: true });
    this.consumer.on<ContractorPayload>(AccessEvents.ContractorUpdated, contractor, { projection: true });
    // Registered is version 1 and withdrawn version 2: a registration arriving after its withdrawal is ignored.
    const connection = async (
      { payload: p, aggregateVersion, type }: EventEnvelope<ConnectionPayload>,
      m: EntityManager,
    ) => {
      await m.query(
        `INSERT INTO connection_ref (id, contractor_id, environment, method, withdrawn, version) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET contractor_id = EXCLUDED.contractor_id, environment = EXCLUDED.environment,
           method = EXCLUDED.method, withdrawn = EXCLUDED.withdrawn, version = EXCLUDED.version, updated_at = now()
         WHERE connection_ref.version <= EXCLUDED.version`,
        [
          p.connectionId,
          p.contractorId,
          p.environment,
          p.method,
          type === AccessEvents.ConnectionWithdrawn,
          aggregateVersion,
        ],
      );
    };
    this.consumer.on<ConnectionPayload>(AccessEvents.ConnectionRegistered, connection, { projection: true });
    this.consumer.on<ConnectionPayload>(AccessEvents.ConnectionWithdrawn, connection, { projection: true });
  }

  /** Every kind must be an active card kind; while no kind at all is known yet, PRECONDITION_NOT_YET_KNOWN. */
  async requireCardKinds(m: EntityManager, kinds: string[], field = 'fields.cards'): Promise<void> {
    const rows: { code: string; active: boolean }[] = await m.query(`SELECT code, active FROM card_kind_ref`);
    if (rows.length === 0) {
      throw new DomainError(
        'PRECONDITION_NOT_YET_KNOWN',
        'カード種別の一覧をまだ受け取っていません。しばらくしてから再度お試しください。 / The card-kind catalogue has not reached this service yet; try again in a moment.',
        { field },
      );
    }
    const active = new Set(rows.filter((r) => r.active).map((r) => r.code));
    kinds.forEach((kind, i) => {
      if (!active.has(kind)) {
        throw unknown(
          'UNKNOWN_CARD_KIND',
          `${field}.${i}.kind`,
          `カード種別 ${kind} はありません (GET /api/v1/card-kinds)。 / There is no card kind ${kind}; see GET /api/v1/card-kinds.`,
        );
      }
    });
  }

  async requireContractor(m: EntityManager, contractorId: string, field: string): Promise<void> {
    const [row]: unknown[] = await m.query(`SELECT 1 FROM contractor_ref WHERE id = $1`, [contractorId]);
    if (!row) {
      throw unknown(
        'UNKNOWN_CONTRACTOR',
        field,
        '指定されたシステム受託者は登録されていません (登録直後の場合は数秒後に再度お試しください)。 / The contractor given is not registered (if it was registered just now, try again in a few seconds).',
      );
    }
  }

  /**
   * The contractor the case names. Named by the case (intake checked it) but not yet seen here: not yet
   * known (retry). Not named by the case: unknown (422) or, when registered, not this case's (422).
   */
  async requireCaseContractor(
    m: EntityManager,
    contractorId: string,
    field: string,
    caseContractorId: string | null,
    atReview = false,
  ): Promise<void> {
    const [row]: unknown[] = await m.query(`SELECT 1 FROM contractor_ref WHERE id = $1`, [contractorId]);
    if (contractorId === caseContractorId) {
      if (!row) {
        throw new DomainError(
          'PRECONDITION_NOT_YET_KNOWN',
          "この案件のシステム受託者の登録をまだ受け取っていません。数秒後に再度お試しください。 / The registration of the case's contractor has not reached this service yet; try again in a moment.",
          { field },
        );
      }
      return;
    }
    if (!row) await this.requireContractor(m, contractorId, field);
    // Named by its company name, not its id (issue 13: no UUID in what a person reads).
    const name = (await this.contractorName(m, contractorId)) ?? '指定された受託者';
    const sentence = `${name} はこの案件のシステム受託者として指定されていません。先に指定してください (PUT /applications/{id}/contractor)。 / The case does not name ${name} as its contractor; name it first (PUT /applications/{id}/contractor).`;
    // At review the request answered is the review, not the form: the form's field goes in the details only.
    throw new DomainError(
      'CONTRACTOR_NOT_NAMED_BY_CASE',
      sentence,
      { field },
      atReview ? undefined : [{ field, message: sentence }],
    );
  }

  /**
   * A registered, not withdrawn connection of the right environment, of the contractor the case names now (the one
   * rule of `connectionCitation`; a case naming no contractor cites none). At review (`atReview`) the refusal names
   * the form's field in its details only: the request being answered is the review, not the form.
   */
  async requireConnection(
    m: EntityManager,
    connectionId: string,
    field: string,
    environment: 'test' | 'production',
    caseContractorId: string | null,
    atReview = false,
  ): Promise<ConnectionRef> {
    const [row]: ConnectionRef[] = await m.query(
      `SELECT id, contractor_id, environment, method, withdrawn FROM connection_ref WHERE id = $1`,
      [connectionId],
    );
    if (!row) {
      throw unknown(
        'UNKNOWN_CONNECTION',
        field,
        '指定された接続登録はありません (登録直後の場合は数秒後に再度お試しください)。 / The connection given is not registered (if it was registered just now, try again in a few seconds).',
      );
    }
    const fail = (
      code:
        | 'SUBMISSION_CONNECTION_WITHDRAWN'
        | 'CONNECTION_NOT_OF_CONTRACTOR'
        | 'CASE_NAMES_NO_CONTRACTOR'
        | 'SUBMISSION_CONNECTION_WRONG_ENVIRONMENT',
      sentence: string,
    ) => new DomainError(code, sentence, { field }, atReview ? undefined : [{ field, message: sentence }]);
    // Whose it is comes first: of another vendor's registration the case learns nothing more.
    const citation = connectionCitation(row.contractor_id, caseContractorId);
    if (citation !== 'ok') {
      const name = caseContractorId ? await this.contractorName(m, caseContractorId) : null;
      throw fail(
        citation === 'foreign' ? 'CONNECTION_NOT_OF_CONTRACTOR' : 'CASE_NAMES_NO_CONTRACTOR',
        connectionCitationSentence(citation, name),
      );
    }
    if (row.withdrawn)
      throw fail(
        'SUBMISSION_CONNECTION_WITHDRAWN',
        '指定された接続登録は取り下げられています。有効な接続登録を指定してください。 / The connection given was withdrawn; choose a current registration.',
      );
    if (row.environment !== environment) {
      throw fail(
        'SUBMISSION_CONNECTION_WRONG_ENVIRONMENT',
        `指定された接続登録は${ACCESS_ENVIRONMENT_NAMES[row.environment as AccessEnvironment].ja}用です。${ACCESS_ENVIRONMENT_NAMES[environment].ja}用の接続登録を指定してください。 / The connection given is for the ${row.environment} environment; this form needs a ${environment} one.`,
      );
    }
    return row;
  }

  /** A contractor's name as access published it, for sentences people read (null while not yet seen). */
  async contractorName(m: EntityManager, contractorId: string): Promise<string | null> {
    const [row]: { name: string }[] = await m.query(`SELECT name FROM contractor_ref WHERE id = $1`, [contractorId]);
    return row?.name ?? null;
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { CardKindDefinedPayload, CardsEvents } from '@jlis/contracts';
import { ResyncService } from '@jlis/runtime';

/** The card-kind catalogue as it is now, for a resync (documents projects it; its first events were seeded). */
@Injectable()
export class KindsResync implements OnModuleInit {
  constructor(private readonly resync: ResyncService) {}

  onModuleInit(): void {
    this.resync.source('card-kinds', async (m) => {
      const rows: { code: string; name: string; applications: string[]; active: boolean; version: number }[] =
        await m.query(`SELECT code, name, applications, active, version FROM card_kind ORDER BY code`);
      return rows.map((row) => ({
        type: CardsEvents.CardKindDefined,
        aggregateId: row.code,
        aggregateVersion: row.version,
        payload: {
          code: row.code,
          name: row.name,
          applications: row.applications,
          active: row.active,
        } satisfies CardKindDefinedPayload,
      }));
    });
  }
}

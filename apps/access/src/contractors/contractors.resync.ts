import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccessEvents, ConnectionPayload, ContractorPayload } from '@jlis/contracts';
import { ResyncService } from '@jlis/runtime';

/**
 * Contractors and their connection registrations as they are now, for a resync (documents, intake and notifications
 * project them). A registration is version 1, its withdrawal version 2, as when they were first published.
 */
@Injectable()
export class ContractorsResync implements OnModuleInit {
  constructor(private readonly resync: ResyncService) {}

  onModuleInit(): void {
    this.resync.source('contractors', async (m) => {
      const rows: { id: string; name: string; corporate_number: string; email: string; version: number }[] =
        await m.query(`SELECT id, name, corporate_number, email, version FROM contractor ORDER BY registered_at, id`);
      return rows.map((row) => ({
        type: row.version === 1 ? AccessEvents.ContractorRegistered : AccessEvents.ContractorUpdated,
        aggregateId: row.id,
        aggregateVersion: row.version,
        payload: {
          contractorId: row.id,
          name: row.name,
          corporateNumber: row.corporate_number,
          email: row.email,
        } satisfies ContractorPayload,
      }));
    });
    this.resync.source('connections', async (m) => {
      const rows: {
        id: string;
        contractor_id: string;
        environment: ConnectionPayload['environment'];
        method: string;
        cidrs: string[];
        withdrawn: boolean;
      }[] = await m.query(
        `SELECT c.id, c.contractor_id, c.environment, c.method, c.cidrs,
                EXISTS (SELECT 1 FROM connection_withdrawal w WHERE w.connection_id = c.id) AS withdrawn
         FROM connection c ORDER BY c.registered_at, c.id`,
      );
      return rows.map((row) => ({
        type: row.withdrawn ? AccessEvents.ConnectionWithdrawn : AccessEvents.ConnectionRegistered,
        aggregateId: row.id,
        aggregateVersion: row.withdrawn ? 2 : 1,
        payload: {
          connectionId: row.id,
          contractorId: row.contractor_id,
          environment: row.environment,
          method: row.method,
          cidrs: row.cidrs,
        } satisfies ConnectionPayload,
      }));
    });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessEvents, ConnectionMethodDefine, ConnectionMethodList, ConnectionMethodView } from '@jlis/contracts';
import { Clock, DomainError, Outbox } from '@jlis/runtime';
import { DataSource } from 'typeorm';

/** The connection-method catalogue (domain.md: not public, so operator-editable with defaults). */
@Injectable()
export class ConnectionMethodsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async list(_req: ConnectionMethodList.Request): Promise<ConnectionMethodList.Response> {
    const items: ConnectionMethodView[] = await this.ds.query(
      `SELECT code, name, active, version FROM connection_method ORDER BY code`,
    );
    return { items };
  }

  async define(req: ConnectionMethodDefine.Request): Promise<ConnectionMethodDefine.Response> {
    if (req.caller.role !== 'operator')
      throw new DomainError('FORBIDDEN', 'Only J-LIS operators edit the connection-method catalogue.');
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`access:method:${req.code}`]);
      const [current]: ConnectionMethodView[] = await m.query(
        `SELECT code, name, active, version FROM connection_method WHERE code = $1`,
        [req.code],
      );
      if (current && current.name === req.body.name.trim() && current.active === req.body.active) return current; // nothing changes
      const version = (current?.version ?? 0) + 1;
      await m.query(
        `INSERT INTO connection_method (code, name, active, version) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, active = EXCLUDED.active, version = EXCLUDED.version`,
        [req.code, req.body.name.trim(), req.body.active, version],
      );
      await m.query(
        `INSERT INTO connection_method_revision (code, version, name, active, at, actor) VALUES ($1, $2, $3, $4, $5, $6)`,
        [req.code, version, req.body.name.trim(), req.body.active, this.clock.now(), req.caller.sub],
      );
      await this.outbox.add(m, {
        type: AccessEvents.ConnectionMethodDefined,
        aggregateId: req.code,
        aggregateVersion: version,
        payload: { code: req.code, name: req.body.name.trim(), active: req.body.active },
      });
      return { code: req.code, name: req.body.name.trim(), active: req.body.active, version };
    });
  }
}

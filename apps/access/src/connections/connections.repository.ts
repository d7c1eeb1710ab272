import {
  AccessEnvironment,
  ConnectionLinkView,
  ConnectionView,
  connectionCitation,
  connectionCitationSentence,
} from '@jlis/contracts';
import { Clock, DomainError } from '@jlis/runtime';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

// The connection and link rows, their views, and the SQL and checks the grants share.

export interface ConnectionRow {
  id: string;
  contractor_id: string;
  environment: AccessEnvironment;
  method: string;
  cidrs: string[];
  registered_at: Date;
  registered_by: string;
  withdrawn_at: Date | null;
  linked_cases: number;
}

export interface LinkRow {
  id: string;
  application_id: string;
  connection_id: string;
  environment: AccessEnvironment;
  via_lgpki: boolean;
  source: string;
  submission_id: string | null;
  linked_at: Date;
  linked_by: string;
  released_at: Date | null;
}

/** Connections with their withdrawal and the number of cases whose link is not released. */
export const CONNECTION_SELECT = `
  SELECT c.*, w.at AS withdrawn_at,
    (SELECT count(DISTINCT l.application_id)::int FROM connection_link l
      WHERE l.connection_id = c.id AND NOT EXISTS (SELECT 1 FROM connection_link_release r WHERE r.link_id = l.id)) AS linked_cases
  FROM connection c LEFT JOIN connection_withdrawal w ON w.connection_id = c.id`;

export const LINK_SELECT = `
  SELECT l.*, r.at AS released_at FROM connection_link l LEFT JOIN connection_link_release r ON r.link_id = l.id`;

export function connectionView(row: ConnectionRow): ConnectionView {
  return {
    id: row.id,
    contractorId: row.contractor_id,
    environment: row.environment,
    method: row.method,
    cidrs: row.cidrs,
    registeredAt: new Date(row.registered_at).toISOString(),
    registeredBy: row.registered_by,
    withdrawnAt: row.withdrawn_at ? new Date(row.withdrawn_at).toISOString() : null,
    linkedCases: row.linked_cases,
  };
}

export function linkView(row: LinkRow): ConnectionLinkView {
  return {
    id: row.id,
    applicationId: row.application_id,
    connectionId: row.connection_id,
    environment: row.environment,
    viaLgpki: row.via_lgpki,
    source: row.source,
    submissionId: row.submission_id,
    linkedAt: new Date(row.linked_at).toISOString(),
    linkedBy: row.linked_by,
    releasedAt: row.released_at ? new Date(row.released_at).toISOString() : null,
  };
}

/**
 * A case cites only a connection of the contractor it names now (`connectionCitation`, shared with documents):
 * CONNECTION_NOT_OF_CASE_CONTRACTOR for another's, CASE_NAMES_NO_CONTRACTOR while it names none.
 */
export async function requireCitable(
  m: EntityManager,
  connection: Pick<ConnectionRow, 'id' | 'contractor_id'>,
  caseContractorId: string | null,
): Promise<void> {
  const citation = connectionCitation(connection.contractor_id, caseContractorId);
  if (citation === 'ok') return;
  const [named]: { name: string }[] = caseContractorId
    ? await m.query(`SELECT name FROM contractor WHERE id = $1`, [caseContractorId])
    : [];
  throw new DomainError(
    citation === 'foreign' ? 'CONNECTION_NOT_OF_CASE_CONTRACTOR' : 'CASE_NAMES_NO_CONTRACTOR',
    connectionCitationSentence(citation, named?.name),
    { connectionId: connection.id },
  );
}

export async function findConnection(m: EntityManager, id: string): Promise<ConnectionRow | undefined> {
  const rows: ConnectionRow[] = await m.query(`${CONNECTION_SELECT} WHERE c.id = $1`, [id]);
  return rows[0];
}

export async function insertLink(
  m: EntityManager,
  clock: Clock,
  link: {
    applicationId: string;
    connectionId: string;
    environment: AccessEnvironment;
    viaLgpki: boolean;
    source: string;
    submissionId: string | null;
    actor: string;
  },
): Promise<LinkRow> {
  const id = randomUUID();
  await m.query(
    `INSERT INTO connection_link (id, application_id, connection_id, environment, via_lgpki, source, submission_id, linked_at, linked_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      link.applicationId,
      link.connectionId,
      link.environment,
      link.viaLgpki,
      link.source,
      link.submissionId,
      clock.now(),
      link.actor,
    ],
  );
  const rows: LinkRow[] = await m.query(`${LINK_SELECT} WHERE l.id = $1`, [id]);
  return rows[0];
}

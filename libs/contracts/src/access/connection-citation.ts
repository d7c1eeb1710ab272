/**
 * Only the named contractor's connections: the seed has the connection method and addresses of A-08-1 and A-11-2
 * come from the system contractor (A-8 注1, A-11 注3), so a case cites a registration of the contractor it names at
 * that moment — never another vendor's network, and none while it names no contractor. The one rule, shared by
 * documents (A-08-1 and A-11-2, at submission and again at acceptance) and access (connection links, test and
 * production grants).
 */
export type ConnectionCitation = 'ok' | 'case-names-no-contractor' | 'foreign';

export function connectionCitation(
  connectionContractorId: string,
  caseContractorId: string | null | undefined,
): ConnectionCitation {
  if (!caseContractorId) return 'case-names-no-contractor';
  return connectionContractorId === caseContractorId ? 'ok' : 'foreign';
}

/**
 * The sentence for a refused citation, Japanese first (the local government reads it), English after ` / `.
 * `contractorName` is the name of the contractor the case names (never an id: people read this).
 */
export function connectionCitationSentence(
  citation: Exclude<ConnectionCitation, 'ok'>,
  contractorName?: string | null,
): string {
  if (citation === 'case-names-no-contractor') {
    return (
      'この申請にはシステム受託者が指定されていないため、接続登録を指定できません。先にシステム受託者を指定してください' +
      '（自団体でシステムを構築する場合は、団体を受託者として J-LIS に登録してください）。 / ' +
      'This case names no system contractor, so it cannot cite a connection: name the contractor first ' +
      '(PUT /applications/{id}/contractor); a local government building its own system is registered as its own contractor.'
    );
  }
  const ja = contractorName ? `この申請のシステム受託者（${contractorName}）` : 'この申請のシステム受託者';
  const en = contractorName ? `the contractor this case names (${contractorName})` : 'the contractor this case names';
  return (
    `指定された接続登録は、${ja}が登録したものではありません。同社が登録した接続を指定してください。 / ` +
    `The connection cited was not registered by ${en}; cite one of its connections.`
  );
}

/**
 * Who may do what, written from the "who" column of docs/api.md — not derived from the code's guards, so the
 * security suite checks the code against the contract. One row per route of api.md.
 *
 * `roles`: the roles the route is for at all (others must get 403 or 404, never 2xx).
 * `scope`: what ties a caller to the object in the path:
 *   - `none`: no object in the path (or a catalogue open to the roles listed);
 *   - `case`: the case's parties (operators, applicants of its organisation, the contractor it names);
 *   - `contractor`: operators, that contractor, and (reads only) applicants whose case names it;
 *   - `owner`: the owner of a webhook subscription (an organisation's applicants, a contractor's users) and operators.
 * `reach` (case routes a contractor may read): how far the contractor a case names gets before its NDA covers the case
 * (the local government's NDA with it on file and an A-03-2 naming it accepted, R4):
 *   - absent: the whole answer (the case, its next actions, what it supplies itself);
 *   - `confidential`: nothing — 403 CONTRACTOR_NDA_REQUIRED until the NDA covers it;
 *   - `supplied`: only the forms it supplies itself (A-03-1, A-03-2, A-06, A-08-1, A-11-2); other forms as `confidential`.
 */
export type Role = 'operator' | 'applicant' | 'contractor';
export type Scope = 'none' | 'case' | 'contractor' | 'owner';
export type Reach = 'confidential' | 'supplied';

export interface WhoMay {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  roles: Role[];
  scope: Scope;
  reach?: Reach;
}

const ALL: Role[] = ['operator', 'applicant', 'contractor'];
const PARTIES = ALL;

export const WHO_MAY: WhoMay[] = [
  // Development sign-in (the console's, issue 15): no token needed; the suites run with AUTH_MODE=development.
  { method: 'POST', path: '/api/v1/dev/tokens', roles: ALL, scope: 'none' },
  { method: 'GET', path: '/api/v1/local-governments', roles: ALL, scope: 'none' },
  { method: 'POST', path: '/api/v1/local-governments', roles: ['operator'], scope: 'none' },
  { method: 'POST', path: '/api/v1/applications', roles: ['applicant', 'operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/applications', roles: ALL, scope: 'none' },
  { method: 'GET', path: '/api/v1/applications/{id}', roles: PARTIES, scope: 'case' },
  { method: 'PATCH', path: '/api/v1/applications/{id}', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'PUT', path: '/api/v1/applications/{id}/contractor', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/timeline', roles: PARTIES, scope: 'case', reach: 'confidential' },
  { method: 'POST', path: '/api/v1/applications/{id}/qualification', roles: ['operator'], scope: 'case' },
  // Added by intake beyond api.md: the contact history, and withdrawing a case (status `withdrawn` of api.md).
  { method: 'GET', path: '/api/v1/applications/{id}/contacts', roles: PARTIES, scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/withdrawal', roles: ['applicant', 'operator'], scope: 'case' },
  // A-10 テスト終了後: the applicant records the end of its test (issue 13).
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/test-completion',
    roles: ['applicant', 'operator'],
    scope: 'case',
  },

  { method: 'GET', path: '/api/v1/forms', roles: ALL, scope: 'none' },
  { method: 'POST', path: '/api/v1/forms/{code}/templates', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/forms/{code}/templates', roles: ALL, scope: 'none' },
  { method: 'GET', path: '/api/v1/forms/{code}/templates/{version}/content', roles: ALL, scope: 'none' },
  { method: 'POST', path: '/api/v1/applications/{id}/submissions', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/submissions', roles: PARTIES, scope: 'case', reach: 'supplied' },
  { method: 'GET', path: '/api/v1/submissions/{sid}/content', roles: PARTIES, scope: 'case', reach: 'supplied' },
  { method: 'POST', path: '/api/v1/submissions/{sid}/review', roles: ['operator'], scope: 'case' },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/contractor-ndas',
    roles: ['applicant', 'operator'],
    scope: 'case',
  },
  { method: 'GET', path: '/api/v1/applications/{id}/contractor-ndas', roles: PARTIES, scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/disclosures', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/disclosures', roles: PARTIES, scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/spec-deliveries', roles: ['operator'], scope: 'case' },
  {
    method: 'GET',
    path: '/api/v1/applications/{id}/spec-deliveries',
    roles: PARTIES,
    scope: 'case',
    reach: 'confidential',
  },
  { method: 'POST', path: '/api/v1/spec-deliveries/{did}/delivered', roles: ['operator', 'applicant'], scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/questions', roles: ['applicant'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/questions', roles: PARTIES, scope: 'case', reach: 'confidential' },
  { method: 'POST', path: '/api/v1/questions/{qid}/answers', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/agreement', roles: ['operator'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/agreement', roles: PARTIES, scope: 'case', reach: 'confidential' },
  // Downloads of stored files beyond api.md's table (documents; api.md: "everything not listed is yours to design").
  { method: 'GET', path: '/api/v1/applications/{id}/contractor-nda/content', roles: PARTIES, scope: 'case' },
  { method: 'GET', path: '/api/v1/questions/{qid}/content', roles: PARTIES, scope: 'case', reach: 'confidential' },
  {
    method: 'GET',
    path: '/api/v1/applications/{id}/agreement/versions/{version}/content',
    roles: PARTIES,
    scope: 'case',
    reach: 'confidential',
  },

  { method: 'GET', path: '/api/v1/card-kinds', roles: ALL, scope: 'none' },
  { method: 'POST', path: '/api/v1/card-kinds', roles: ['operator'], scope: 'none' },
  { method: 'POST', path: '/api/v1/cards', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/cards', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/cards/stock', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/card-loans', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/applications/{id}/card-loans', roles: PARTIES, scope: 'case' },
  { method: 'POST', path: '/api/v1/card-loans/{loanId}/shipment', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/card-loans/{loanId}/custody', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/card-loans/{loanId}/returns', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/card-loans/{loanId}/losses', roles: ['operator'], scope: 'case' },
  // cards' own additions (docs/cards.md): kind edits, one unit's history, opening a paper A-06 by hand, one loan.
  { method: 'PUT', path: '/api/v1/card-kinds/{code}', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/cards/{serial}', roles: ['operator'], scope: 'none' },
  { method: 'POST', path: '/api/v1/card-loans', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/card-loans/{loanId}', roles: PARTIES, scope: 'case' },

  { method: 'GET', path: '/api/v1/notifications', roles: ['operator', 'applicant'], scope: 'none' },
  // Webhooks (issue 11, docs/api.md § Webhooks): every role subscribes for what it may read; a subscription is its
  // owner's, and operators administer every one.
  { method: 'POST', path: '/api/v1/webhooks', roles: ALL, scope: 'none' },
  { method: 'GET', path: '/api/v1/webhooks', roles: ALL, scope: 'none' },
  { method: 'GET', path: '/api/v1/webhooks/{wid}', roles: ALL, scope: 'owner' },
  { method: 'GET', path: '/api/v1/webhooks/{wid}/deliveries', roles: ALL, scope: 'owner' },
  { method: 'POST', path: '/api/v1/webhooks/{wid}/secret', roles: ALL, scope: 'owner' },
  { method: 'DELETE', path: '/api/v1/webhooks/{wid}', roles: ALL, scope: 'owner' },

  { method: 'POST', path: '/api/v1/contractors', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/contractors', roles: ['operator', 'applicant'], scope: 'none' },
  { method: 'GET', path: '/api/v1/contractors/{cid}', roles: ALL, scope: 'contractor' },
  // Added by access (docs/access.md): a contractor's name and e-mail, by operators and that contractor.
  { method: 'PATCH', path: '/api/v1/contractors/{cid}', roles: ['contractor', 'operator'], scope: 'contractor' },
  // Added by access: the connection-method catalogue (domain.md "Not public — keep configurable").
  { method: 'GET', path: '/api/v1/connection-methods', roles: ALL, scope: 'none' },
  { method: 'PUT', path: '/api/v1/connection-methods/{code}', roles: ['operator'], scope: 'none' },
  {
    method: 'POST',
    path: '/api/v1/contractors/{cid}/connections',
    roles: ['contractor', 'operator'],
    scope: 'contractor',
  },
  { method: 'GET', path: '/api/v1/contractors/{cid}/connections', roles: ALL, scope: 'contractor' },
  { method: 'DELETE', path: '/api/v1/connections/{connId}', roles: ['contractor', 'operator'], scope: 'contractor' },
  {
    method: 'POST',
    path: '/api/v1/applications/{id}/connection-links',
    roles: ['applicant', 'operator'],
    scope: 'case',
  },
  { method: 'POST', path: '/api/v1/applications/{id}/lgwan-task', roles: ['applicant', 'operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/applications/{id}/access-grants', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/access-grants/{gid}/suspension', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/access-grants/{gid}/revocation', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/access-grants/{gid}/reinstatement', roles: ['operator'], scope: 'case' },
  { method: 'POST', path: '/api/v1/access-grants/{gid}/test-access-extension', roles: ['operator'], scope: 'case' },
  // R4, who read what (issue 13): the record of every file handed out, for operators.
  { method: 'GET', path: '/api/v1/downloads', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/applications/{id}/downloads', roles: ['operator'], scope: 'case' },
  // Two people for decisions that open or close the network (issue 13): what waits, and a second operator's approval.
  { method: 'GET', path: '/api/v1/access-decisions', roles: ['operator'], scope: 'none' },
  { method: 'GET', path: '/api/v1/access-grants/{gid}/approval-document', roles: PARTIES, scope: 'case' },
  { method: 'POST', path: '/api/v1/access-decisions/{decisionId}/approval', roles: ['operator'], scope: 'case' },
  { method: 'GET', path: '/api/v1/applications/{id}/access', roles: PARTIES, scope: 'case' },
  { method: 'GET', path: '/api/v1/access/allowlist', roles: ['operator'], scope: 'none' },

  // Operations (api.md § Operations): dead letters of every service, for operators.
  { method: 'GET', path: '/api/v1/admin/dead-letters', roles: ['operator'], scope: 'none' },
  { method: 'POST', path: '/api/v1/admin/dead-letters/{id}/replay', roles: ['operator'], scope: 'none' },
  { method: 'DELETE', path: '/api/v1/admin/dead-letters/{id}', roles: ['operator'], scope: 'none' },
  { method: 'POST', path: '/api/v1/admin/resync', roles: ['operator'], scope: 'none' },
];

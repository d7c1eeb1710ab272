'use strict';
// One local government's walk through the procedure, A-1 … A-12, only through the gateway's HTTP API and the
// generated portal client, as a portal would. Shared by `npm run simulate` and the fault suite. Each step is timed; a step that fails throws with the
// problem the API answered.
const { SignJWT } = require('jose');
// The typed client generated from docs/openapi.json, compiled by `npm run build` (libs/portal-client/dist): the walk,
// the simulation and the fault suite exercise the contract through the client portals use.
const { createPortalClient } = require('@jlis/portal-client');

const DEV_SECRET = process.env.JWT_SECRET || 'jlis-development-secret-do-not-use-in-production';
/** The smallest well-formed PDF: submissions are decided by their bytes. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function token(claims, sub) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setExpirationTime('12h')
    .sign(new TextEncoder().encode(DEV_SECRET));
}

/** Refusals that resolve themselves once another service's events arrive (filled in from each service's codes). */
const RETRY_WHILE_EVENTS_ARRIVE = ['CARDS_OUTSTANDING', 'CONNECTION_NOT_REGISTERED_ELSEWHERE', 'TEST_NOT_COMPLETED'];
/**
 * documents learns the case's contractor from intake's event: an A-03-2 sent right after PUT /contractor can meet
 * documents' projection before that event and be refused as "not named by the case" (documents cannot tell a lag from
 * another contractor). The walk has just named it, so it waits that out.
 */
const RETRY_WHILE_CONTRACTOR_ARRIVES = ['CONTRACTOR_NOT_NAMED_BY_CASE'];
/**
 * access learns it from the same event: a connection link sent while access's projection still lacks it is refused as
 * "the case names no contractor" (met in the cluster test, where events wait out a stream leader election).
 */
const RETRY_WHILE_CONTRACTOR_REACHES_ACCESS = ['CASE_NAMES_NO_CONTRACTOR'];

class ApiError extends Error {
  constructor(method, path, status, body) {
    super(
      `${method} ${path} → ${status} ${typeof body === 'object' ? `${body.code}: ${body.detail}` : String(body).slice(0, 200)}`,
    );
    this.status = status;
    this.body = body;
  }
}

/**
 * fetch's failures as the walk tells them apart: a lost or refused connection keeps its code (the cause's), a request
 * past its time says "timed out" — both an outage to wait out, not a refusal.
 */
function transportError(method, path, error) {
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError')
    return Object.assign(new Error(`${method} ${path} timed out`), { cause: error });
  const cause = error?.cause;
  const code = cause?.code ?? error?.code;
  return Object.assign(new Error(`${method} ${path} → ${code ?? ''} ${cause?.message ?? error?.message}`.trim()), {
    code,
    cause: error,
  });
}

class Api {
  /**
   * `noRetry`: no refusal is waited out — a 4xx answer (PRECONDITION_NOT_YET_KNOWN, a 404, any code) fails the walk at
   * once (`npm run simulate -- --no-retry`: the proof that no dependent command is refused for another service's lag).
   * A service that does not answer (5xx, a lost connection) is still tried again, as before: that is no refusal.
   */
  constructor(base, { noRetry = false, onAnswer } = {}) {
    this.base = base;
    this.noRetry = noRetry;
    // `onAnswer(method, path, status, contentType, body)` hears every answer (the e2e suites hold each to the contract).
    this.onAnswer = onAnswer;
    // One client for every caller of the walk: each request names its own bearer token.
    this.portal = createPortalClient({ baseUrl: base });
    /** Requests sent, and refusals or outages waited out by code (150 ms each), for the simulation's summary. */
    this.requests = 0;
    this.waits = {};
  }

  /**
   * One request through the generated portal client (`@jlis/portal-client`: openapi-fetch on the committed
   * docs/openapi.json), as a portal sends it; resolves the parsed body of an expected status, or `{ body, token }`
   * with `withToken` (the answer's Consistency-Token, for a read that must see what this command did: `?minVersion=`).
   * A refusal rejects with ApiError (the problem answered); a transport failure keeps its code (ECONNREFUSED, …).
   */
  async call(method, path, { token: t, body, form, headers = {}, expect = [200, 201], withToken = false } = {}) {
    const h = { ...headers };
    if (t) h.authorization = `Bearer ${t}`;
    let payload = body;
    if (form) {
      payload = new FormData();
      for (const [name, value] of Object.entries(form)) {
        if (value && value.bytes) payload.append(name, new Blob([value.bytes], { type: value.type }), value.filename);
        else payload.append(name, typeof value === 'string' ? value : JSON.stringify(value));
      }
    }
    let answer;
    this.requests++;
    try {
      answer = await this.portal.request(method, path, {
        headers: h,
        body: payload,
        // Answers are parsed here by their content type: a download is not JSON, a problem always is.
        parseAs: 'text',
        signal: AbortSignal.timeout(60000),
      });
    } catch (error) {
      throw transportError(method, path, error);
    }
    const { response } = answer;
    const text = answer.data ?? answer.error;
    let parsed = text ?? '';
    if ((response.headers.get('content-type') || '').includes('json') && typeof text === 'string' && text)
      parsed = JSON.parse(text);
    this.onAnswer?.(method, path, response.status, response.headers.get('content-type') ?? '', parsed);
    if (!expect.includes(response.status)) throw new ApiError(method, path, response.status, parsed);
    return withToken ? { body: parsed, token: response.headers.get('consistency-token') ?? undefined } : parsed;
  }

  /**
   * Retries while the answer may change by waiting: a precondition not yet known to a service (its events still in
   * flight), a service restarting (502–504, refused or reset connections), or a code listed in `retryOn`. After an
   * ambiguous failure (the request may have been applied), a conflict on the retry may mean it was: `onConflict` then
   * gives the result when the refusal says so (the code of "already done"), and answers undefined for any other
   * refusal, which is handled as usual (it is not taken for success). Creating POSTs carry an Idempotency-Key, so
   * their retries replay the first answer. With `noRetry`, only the service not answering is waited out.
   */
  async eventually(fn, { timeoutMs = 90000, retryOn = [], onConflict } = {}) {
    const deadline = Date.now() + timeoutMs;
    let ambiguous = false;
    for (;;) {
      try {
        return await fn();
      } catch (error) {
        const code = error instanceof ApiError ? error.body?.code : undefined;
        if (ambiguous && onConflict && error instanceof ApiError && error.status === 409) {
          const done = onConflict(error);
          if (done !== undefined) return done;
        }
        const transport =
          [
            'ECONNREFUSED',
            'ECONNRESET',
            'EPIPE',
            'UND_ERR_SOCKET',
            'UND_ERR_CLOSED',
            'UND_ERR_CONNECT_TIMEOUT',
            'UND_ERR_HEADERS_TIMEOUT',
            'UND_ERR_BODY_TIMEOUT',
          ].includes(error.code) || /socket hang up|timed out/.test(error.message);
        const unavailable = error instanceof ApiError && error.status >= 502;
        if (transport || unavailable) ambiguous = true;
        // With noRetry no refusal (4xx) is waited out: only a service that did not answer (5xx, transport) is.
        const waitable =
          transport ||
          unavailable ||
          (!this.noRetry &&
            (code === 'PRECONDITION_NOT_YET_KNOWN' ||
              retryOn.includes(code) ||
              (error instanceof ApiError && error.status === 404)));
        if (!waitable || Date.now() > deadline) throw error;
        // Counted by what was waited out (the simulation's summary says where a walk waited).
        const why = code ?? (error instanceof ApiError ? String(error.status) : (error.code ?? 'transport'));
        this.waits[why] = (this.waits[why] ?? 0) + 1;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  }
}

/** After an ambiguous failure: these refusals mean the first try was applied (answers null); others mean nothing. */
function alreadyDone(...codes) {
  return (error) => (codes.includes(error.body?.code) ? null : undefined);
}

function todayInJapan() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/**
 * A production grant (or a suspension or revocation) as J-LIS decides it: proposed by `operator`, approved by
 * `approver`, another operator. `propose` answers the proposal; when it already carried the decision out (one person
 * suffices on a development suite: APPROVALS_REQUIRED=1) there is nothing to approve. Answers the decision.
 */
async function decide(api, propose, approver, { key, retryOn = [] } = {}) {
  // After an ambiguous failure the proposal may have been made: its refusal names it, and the walk approves that one.
  // Any other refusal is not "already proposed" and is handled as usual. It once answered null here, so an A-12 whose
  // retried proposal met another 409 was never granted; the A-13 proposal then went to the A-11-2 access still knew
  // and met DECISION_OUTDATED at approval (the fault suite's kill -9 flake; decision 131).
  const proposal = await api.eventually(() => propose(), {
    retryOn,
    onConflict: (error) =>
      error.body?.code === 'DECISION_ALREADY_PROPOSED' ? { id: error.body.decisionId, status: 'proposed' } : undefined,
  });
  if (!proposal || proposal.status !== 'proposed') return proposal;
  return api.eventually(
    () =>
      api.call('POST', `/api/v1/access-decisions/${proposal.id}/approval`, {
        token: approver,
        headers: key ? { 'idempotency-key': `${key}-approval` } : {},
      }),
    { onConflict: alreadyDone('DECISION_ALREADY_APPROVED', 'ALREADY_APPROVED_BY_YOU') },
  );
}

/**
 * Sets up what every walk shares: two operators (one proposes, the other approves), contractors each serving `perContractor` local governments with
 * test and production connections, and enough test cards.
 */
async function prepare(api, { organizations, perContractor = 25, log = () => {} }) {
  const operator = await token({ role: 'operator', name: '審査 一郎' }, 'sim-operator');
  const approver = await token({ role: 'operator', name: '承認 花子' }, 'sim-approver');
  const count = Math.max(1, Math.ceil(organizations.length / perContractor));
  const runId = Date.now() % 1e6;
  const contractors = new Array(count);
  const register = async (i) => {
    // 法人番号: 12 digits + a leading check digit (9 − Σ digit×weight mod 9, weights 1,2,… from the right).
    const body = String(runId * 1000 + i)
      .padStart(12, '0')
      .slice(-12);
    const sum = [...body].reverse().reduce((s, d, k) => s + Number(d) * (k % 2 === 0 ? 1 : 2), 0);
    const corporateNumber = `${9 - (sum % 9)}${body}`;
    const c = await api.eventually(() =>
      api.call('POST', '/api/v1/contractors', {
        token: operator,
        headers: { 'idempotency-key': `sim-${runId}-contractor-${i}` },
        body: {
          name: `シミュレーション受託者${i + 1}株式会社`,
          corporateNumber,
          email: `contractor${i + 1}@sim.example.jp`,
        },
      }),
    );
    const ct = await token({ role: 'contractor', contractor: c.id }, `sim-contractor-${i}`);
    // Ranges unique per run and contractor (IPv6 ULA), so repeated runs against one suite never clash (CIDR_CLASH).
    const net = `${(runId % 0xffff).toString(16)}:${i.toString(16)}`;
    const [test, production] = await Promise.all(
      ['test', 'production'].map((environment, k) =>
        api.eventually(() =>
          api.call('POST', `/api/v1/contractors/${c.id}/connections`, {
            token: ct,
            headers: { 'idempotency-key': `sim-${runId}-connection-${i}-${environment}` },
            body: { environment, method: 'lgwan', cidrs: [`fd0${k}:${net}::/48`] },
          }),
        ),
      ),
    );
    contractors[i] = {
      id: c.id,
      token: ct,
      testConnectionId: test.id,
      productionConnectionId: production.id,
      registered: false,
    };
  };
  // Contractors are independent of each other: registered 8 at a time, not one after another (72 of them for the
  // whole country: 11 – 23 s one after another, 8 – 11 s so). Every creating POST carries an Idempotency-Key and a
  // broker or database briefly unavailable is waited out, as in the walk: one 503 no longer ends the simulation.
  let nextContractor = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, count) }, async () => {
      while (nextContractor < count) await register(nextContractor++);
    }),
  );
  const kinds = await api.eventually(() => api.call('GET', '/api/v1/card-kinds', { token: operator }));
  const kind = (kinds.items ?? kinds)[0].code;
  const serials = Array.from({ length: organizations.length }, (_, i) => `SIM-${runId}-${String(i).padStart(5, '0')}`);
  const batches = [];
  for (let i = 0; i < serials.length; i += 500) batches.push(serials.slice(i, i + 500));
  await Promise.all(
    batches.map((batch, b) =>
      api.eventually(() =>
        api.call('POST', '/api/v1/cards', {
          token: operator,
          headers: { 'idempotency-key': `sim-${runId}-cards-${b}` },
          body: { kind, serials: batch },
        }),
      ),
    ),
  );
  log(`prepared ${contractors.length} contractors and ${serials.length} test cards of kind ${kind}`);
  return { operator, approver, contractors, kind };
}

/**
 * Walks one local government from A-1 to A-12 (and, with `options.change`, through an A-13 system change: a new A-11-2
 * starting in ten days, accepted, and the production grant it schedules); `timings[step]` collects milliseconds.
 * `options.verifierKinds` (default signature only) are the kinds the case applies for; a walk of another kind for an
 * organisation that already has a case is a case of its own (its own idempotency keys). `options.until` ('A-10' or
 * 'A-11') stops after that step; `options.recordTestCompletion: false` leaves A-10's test end unrecorded.
 */
async function walk(api, shared, org, index, timings, options = {}) {
  const { operator, approver, kind } = shared;
  const contractor = shared.contractors[index % shared.contractors.length];
  const applicant = await token({ role: 'applicant', org: org.code }, `sim-applicant-${org.code}`);
  const step = async (name, fn) => {
    const t0 = Date.now();
    const out = await fn();
    (timings[name] ??= []).push(Date.now() - t0);
    return out;
  };
  const file = { bytes: PDF, filename: 'form.pdf', type: 'application/pdf' };
  const verifierKinds = options.verifierKinds ?? ['signature'];
  const caseKey =
    verifierKinds.join('+') === 'signature' ? `sim-${org.code}` : `sim-${org.code}-${verifierKinds.join('+')}`;
  const key = (what) => ({ 'idempotency-key': `${caseKey}-${what}` });
  const submit = (form, fields, retryOn = [], series = '') =>
    api.eventually(
      () =>
        api.call('POST', `/api/v1/applications/${id}/submissions`, {
          token: applicant,
          headers: key(`submission-${form}${series}`),
          form: { form, fields: JSON.stringify(fields), file },
        }),
      { retryOn },
    );
  /** Accepts a submission; resolves the answer's consistency token (undefined after an ambiguous retry). */
  const accept = (sid, extra = {}) =>
    api.eventually(
      async () =>
        (
          await api.call('POST', `/api/v1/submissions/${sid}/review`, {
            token: operator,
            body: { decision: 'accepted', ...extra },
            withToken: true,
          })
        ).token,
      { onConflict: (error) => (error.body?.code === 'SUBMISSION_NOT_AWAITING_REVIEW' ? null : undefined) },
    );
  const items = ['server-spec', 'profile-spec', 'client-software'];

  const created = await step('A-1', () =>
    api.eventually(() =>
      api.call('POST', '/api/v1/applications', {
        token: applicant,
        headers: { 'idempotency-key': caseKey },
        body: {
          organizationCode: org.code,
          verifierName: `${org.name}`,
          verifierKinds,
          department: '情報政策課',
          contact: { name: '検証 太郎', phone: '03-1234-5678', email: `jpki@${org.code}.example.lg.jp` },
          wantsOnlineTest: true,
        },
      }),
    ),
  );
  const id = created.id;
  await step('A-2', () =>
    api.eventually(
      () =>
        api.call('POST', `/api/v1/applications/${id}/qualification`, {
          token: operator,
          body: { decision: 'qualified' },
        }),
      {
        onConflict: alreadyDone('APPLICATION_NOT_AWAITING_QUALIFICATION'),
      },
    ),
  );
  await step('A-3', async () => {
    // intake learns contractors from access's events: one registered a moment ago (or while intake restarted) can
    // still be unknown to it, which it answers with CONTRACTOR_UNKNOWN; the walk has just registered it, so it waits.
    await api.eventually(
      () =>
        api.call('PUT', `/api/v1/applications/${id}/contractor`, {
          token: applicant,
          body: { contractorId: contractor.id },
        }),
      { retryOn: ['CONTRACTOR_UNKNOWN'] },
    );
    for (const [form, fields] of [
      ['A-03-1', { items }],
      ['A-03-2', { contractorId: contractor.id, items }],
      ['A-03-3', {}],
      ['A-03-4', {}],
    ]) {
      const s = await submit(form, fields, form === 'A-03-2' ? RETRY_WHILE_CONTRACTOR_ARRIVES : []);
      await accept(s.id);
    }
  });
  await step('A-5', () =>
    api.eventually(() =>
      api.call('POST', `/api/v1/applications/${id}/spec-deliveries`, {
        token: operator,
        headers: key('spec-delivery'),
        body: { items, medium: 'email' },
      }),
    ),
  );
  await step('A-6', async () => {
    const s = await submit('A-06', { cards: [{ kind, quantity: 1 }] });
    // cards opens the loan from documents' event: read at the acceptance's consistency token, it is there at once.
    const accepted = await accept(s.id);
    const loan = await api.eventually(async () => {
      const at = accepted ? `?minVersion=${accepted}` : '';
      const loans = await api.call('GET', `/api/v1/applications/${id}/card-loans${at}`, { token: applicant });
      const l = (loans.items ?? loans).find((x) => (x.units ?? []).length > 0);
      if (!l) throw new ApiError('GET', 'card-loans', 404, { code: 'NOT_YET' });
      return l;
    });
    await api.eventually(
      () =>
        api.call('POST', `/api/v1/card-loans/${loan.id}/shipment`, {
          token: operator,
          headers: key('shipment'),
          body: { carrier: 'ゆうパック', trackingNumber: `SIM${index}`, shippedOn: todayInJapan() },
        }),
      { onConflict: alreadyDone('LOAN_ALREADY_SHIPPED') },
    );
    shared.loans ??= new Map();
    shared.loans.set(id, loan);
  });
  await step('A-7', () =>
    api.eventually(() =>
      api.call('POST', `/api/v1/applications/${id}/agreement`, {
        token: operator,
        headers: key('agreement'),
        body: { signedOn: todayInJapan(), effectiveFrom: todayInJapan() },
      }),
    ),
  );
  await step('A-8', async () => {
    if (!contractor.registered) {
      contractor.registered = true;
      // The contractor's test registration is made once, with this case's A-08-1; the other cases of the contractor
      // link to it once it is accepted (their predecessor), not before.
      contractor.registration = (async () => {
        const s = await submit('A-08-1', { connectionId: contractor.testConnectionId, viaLgpki: false });
        await accept(s.id);
      })();
      await contractor.registration;
    } else {
      await contractor.registration;
      await api.eventually(
        () =>
          api.call('POST', `/api/v1/applications/${id}/connection-links`, {
            token: applicant,
            headers: key('connection-link'),
            body: { connectionId: contractor.testConnectionId, viaLgpki: false },
          }),
        {
          retryOn: [...RETRY_WHILE_EVENTS_ARRIVE, ...RETRY_WHILE_CONTRACTOR_REACHES_ACCESS],
          onConflict: alreadyDone('CONNECTION_ALREADY_LINKED'),
        },
      );
    }
  });
  await step('A-9', () =>
    api.eventually(
      () =>
        api.call('POST', `/api/v1/applications/${id}/access-grants`, {
          token: operator,
          headers: key('grant-test'),
          body: { environment: 'test' },
        }),
      {
        onConflict: alreadyDone('ACCESS_ALREADY_GRANTED'),
      },
    ),
  );
  await step('A-10', async () => {
    // テスト終了後: the test's end is recorded, then the cards go back (a case that wanted the online test needs both).
    if (options.recordTestCompletion !== false)
      // Recording the same day again answers the case as it is, so a retry after a lost answer is harmless.
      await api.eventually(() =>
        api.call('POST', `/api/v1/applications/${id}/test-completion`, {
          token: applicant,
          body: { completedOn: todayInJapan(), note: 'シミュレーション: 全項目正常' },
        }),
      );
    const loan = shared.loans.get(id);
    await api.eventually(
      () =>
        api.call('POST', `/api/v1/card-loans/${loan.id}/returns`, {
          token: operator,
          headers: key('returns'),
          body: { serials: loan.units.map((u) => u.serial), receivedOn: todayInJapan(), condition: 'good' },
        }),
      { onConflict: alreadyDone('CARD_ALREADY_RETURNED', 'LOAN_CLOSED') },
    );
  });
  if (options.until === 'A-10') return id;
  await step('A-11', async () => {
    const papers = [
      ['A-11-1', { methods: Object.fromEntries(verifierKinds.map((k) => [k, 'crl'])) }, {}],
      [
        'A-11-2',
        { startDate: todayInJapan(), connectionId: contractor.productionConnectionId, reason: 'initial' },
        { sealConfirmed: true },
      ],
      ['URL', { url: `https://verifier.${org.code}.example.lg.jp/` }, {}],
      [
        'A-11-3',
        {
          contacts: [
            {
              role: 'primary',
              name: '検証 太郎',
              department: '情報政策課',
              phone: '03-1234-5678',
              email: `jpki@${org.code}.example.lg.jp`,
            },
          ],
        },
        {},
      ],
    ];
    for (const [form, fields, review] of papers) {
      const s = await submit(form, fields);
      await accept(s.id, review);
    }
  });
  if (options.until === 'A-11') return id;
  // Access learns that the cards are back (R10) from cards' events: a refusal for outstanding cards is waited out.
  // Two people open production access: one operator proposes, the other approves.
  await step('A-12', () =>
    decide(
      api,
      () =>
        api.call('POST', `/api/v1/applications/${id}/access-grants`, {
          token: operator,
          headers: key('grant-production'),
          body: { environment: 'production' },
          expect: [201, 202],
        }),
      approver,
      { key: `${caseKey}-grant-production`, retryOn: RETRY_WHILE_EVENTS_ARRIVE },
    ),
  );
  if (options.change) {
    await step('A-13', async () => {
      const later = new Date(Date.parse(`${todayInJapan()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
      const s = await submit(
        'A-11-2',
        { startDate: later, connectionId: contractor.productionConnectionId, reason: 'system-change' },
        [],
        '-change',
      );
      await accept(s.id, { sealConfirmed: true });
      await decide(
        api,
        () =>
          api.call('POST', `/api/v1/applications/${id}/access-grants`, {
            token: operator,
            headers: key('grant-change'),
            body: { environment: 'production' },
            expect: [201, 202],
          }),
        approver,
        // Until access has the new accepted A-11-2 from documents' event it sees only the one already granted.
        { key: `${caseKey}-grant-change`, retryOn: [...RETRY_WHILE_EVENTS_ARRIVE, 'ACCESS_ALREADY_GRANTED'] },
      );
    });
  }
  return id;
}

module.exports = { Api, ApiError, token, prepare, walk, decide, alreadyDone, todayInJapan, PDF };

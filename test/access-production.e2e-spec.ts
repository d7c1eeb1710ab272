import { AccessEvents, transitionsFor } from '@jlis/contracts';
import { AccessHarness, corporateNumber } from './access.harness';
import { GrantsJob } from '../apps/access/src/grants/grants.job';

/** Production access (A-11, A-12; R10–R12), A-13 changes (R13), operator actions and the allowlist. */
describe('access: production access, changes and the allowlist', () => {
  let h: AccessHarness;
  let op: string;
  let n = 500;
  let octet = 0;

  beforeAll(async () => {
    h = await AccessHarness.start('2026-04-01T01:00:00Z'); // 2026-04-01 10:00 in Japan
    op = await h.token('operator');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const tick = () => h.suite.app('access').get(GrantsJob).tick();
  /** Sets the clock to 00:05 in Japan of the given day. */
  const dayInJapan = (date: string) => h.clock.set(new Date(Date.parse(`${date}T00:05:00+09:00`)));
  /** Proposed by op-1 and approved by a second operator (two people decide production access). */
  const grant = (id: string, body: object = { environment: 'production' }) =>
    h.suite.decided(h.suite.http('POST', `/api/v1/applications/${id}/access-grants`, { token: op, body }));
  const allowlist = async (date: string) =>
    (await h.suite.http('GET', `/api/v1/access/allowlist?environment=production&date=${date}`, { token: op })).body;
  const casesOn = async (date: string, cidr: string) =>
    ((await allowlist(date)).entries.find((e: { cidr: string }) => e.cidr === cidr)?.cases ?? []).map(
      (c: { applicationId: string }) => c.applicationId,
    );

  /** A contractor with a production registration, and a case naming it. */
  const setup = async (org = '131016') => {
    const c = await h.suite.http('POST', '/api/v1/contractors', {
      token: op,
      body: { name: `受託者${++n}`, corporateNumber: corporateNumber(n), email: `p${n}@vendor.example.jp` },
    });
    const cidr = `198.18.${++octet}.0/24`;
    const reg = await h.suite.http('POST', `/api/v1/contractors/${c.body.id}/connections`, {
      token: op,
      body: { environment: 'production', method: 'lgwan', cidrs: [cidr] },
    });
    expect(reg.status).toBe(201);
    const id = await h.newCase(org, c.body.id);
    // Tested and done: these tests are about what production access needs beyond that.
    await h.testFinished(id);
    return { contractorId: c.body.id as string, connectionId: reg.body.id as string, cidr, id };
  };
  /** A-11-1, URL and A-11-3 accepted, an agreement, and an A-11-2. */
  const papers = async (id: string, connectionId: string, startDate: string, effectiveFrom = '2026-04-01') => {
    await h.accept(id, 'A-11-1', { methods: { signature: 'crl' } });
    await h.accept(id, 'URL', { url: 'https://verifier.example.lg.jp/' });
    await h.accept(id, 'A-11-3', { contacts: [] });
    const agreementId = await h.agreement(id, effectiveFrom, 1);
    await h.accept(id, 'A-11-2', { startDate, connectionId });
    return agreementId;
  };

  it('refuses production access before the A-11 papers are accepted, naming what is missing, and marks A-11 done once they are', async () => {
    const s = await setup();
    await h.accept(s.id, 'A-11-1', { methods: { signature: 'ocsp' } });
    const early = await grant(s.id);
    expect(early).toMatchObject({
      status: 409,
      body: { code: 'PRECONDITION_NOT_YET_KNOWN', missing: ['A-11-2', 'URL', 'A-11-3'] },
    });
    expect(
      await h.ds.query(`SELECT count(*)::int AS n FROM access.access_grant WHERE application_id = $1`, [s.id]),
    ).toEqual([{ n: 0 }]);
    expect((await h.outbox(AccessEvents.ProductionReady)).some((e) => e.applicationId === s.id)).toBe(false);
    await h.accept(s.id, 'URL', { url: 'https://x.example.lg.jp/' });
    await h.accept(s.id, 'A-11-3', {});
    await h.accept(s.id, 'A-11-2', { startDate: '2026-04-01', connectionId: s.connectionId });
    const ready = (await h.outbox(AccessEvents.ProductionReady)).filter((e) => e.applicationId === s.id);
    expect(ready).toHaveLength(1);
    expect(transitionsFor(ready[0].type, ready[0].payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ step: 'A-11', status: 'done' }),
        expect.objectContaining({ step: 'A-12', status: 'open' }),
      ]),
    );
  });

  it('checks the A-11-2 start date against the latest agreement at grant: the day before refused, the effective date itself allowed', async () => {
    const s = await setup();
    await papers(s.id, s.connectionId, '2026-04-25', '2026-04-20');
    // The agreement is amended after the A-11-2 was accepted: its effective date moves to 2026-04-26.
    await h.agreement(s.id, '2026-04-26', 2);
    const refused = await grant(s.id);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'ACCESS_START_BEFORE_AGREEMENT',
      startDate: '2026-04-25',
      effectiveFrom: '2026-04-26',
      agreementVersion: 2,
    });
    expect(refused.body.detail).toContain('2026-04-25');
    expect(refused.body.detail).toContain('2026-04-26');
    expect(
      await h.ds.query(`SELECT count(*)::int AS n FROM access.access_grant WHERE application_id = $1`, [s.id]),
    ).toEqual([{ n: 0 }]);

    await h.accept(s.id, 'A-11-2', { startDate: '2026-04-26', connectionId: s.connectionId });
    const granted = await grant(s.id);
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      status: 'scheduled',
      effectiveOn: '2026-04-26',
      cidrs: [s.cidr],
      supersedes: null,
    });
    expect(granted.body.approval).toEqual({
      number: expect.stringMatching(/^JPKI-P-2026-\d{6}$/),
      approvedOn: '2026-04-01',
      approver: '承認 花子',
    });
    const created = (await h.outbox(AccessEvents.GrantCreated)).find((e) => e.payload.grantId === granted.body.id)!;
    expect(transitionsFor(created.type, created.payload)).toEqual([
      expect.objectContaining({ step: 'A-12', status: 'scheduled', effectiveOnField: 'effectiveOn' }),
    ]);
    expect(created.payload.effectiveOn).toBe('2026-04-26');
  });

  it('refuses while lent cards are out and grants with an override reason that is kept', async () => {
    const s = await setup('131041');
    await papers(s.id, s.connectionId, '2026-04-01');
    await h.holdings(s.id, 2);
    const refused = await grant(s.id);
    expect(refused).toMatchObject({ status: 409, body: { code: 'CARDS_OUTSTANDING', unitsOut: 2 } });
    const granted = await grant(s.id, {
      environment: 'production',
      overrideReason: 'カード2枚は紛失届受理済み / two cards reported lost',
    });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({
      status: 'active',
      effectiveOn: '2026-04-01',
      overrideReason: 'カード2枚は紛失届受理済み / two cards reported lost',
    });
    const view = await h.suite.http('GET', `/api/v1/applications/${s.id}/access`, {
      token: await h.token('applicant', '131041'),
    });
    expect(view.body.grants[0].overrideReason).toContain('two cards reported lost');
    expect(view.body.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'created', reason: expect.stringContaining('two cards reported lost') }),
      ]),
    );
    expect(await casesOn('2026-04-01', s.cidr)).toEqual([s.id]);
  });

  it('turns two operators proposing, then two approving, at the same moment into one grant', async () => {
    const s = await setup();
    await papers(s.id, s.connectionId, '2026-05-01');
    const propose = (token: string) =>
      h.suite.http('POST', `/api/v1/applications/${s.id}/access-grants`, {
        token,
        body: { environment: 'production' },
      });
    const [a, b] = await Promise.all([propose(op), propose(await h.token('operator', undefined, 'op-2'))]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('DECISION_ALREADY_PROPOSED');
    const proposal = [a, b].find((r) => r.status === 202)!.body;
    const approve = async (sub: string, name: string) =>
      h.suite.http('POST', `/api/v1/access-decisions/${proposal.id}/approval`, {
        token: await h.suite.token({ role: 'operator', sub, name }),
      });
    const [x, y] = await Promise.all([approve('op-3', '承認 三郎'), approve('op-4', '承認 四郎')]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect([x, y].find((r) => r.status === 409)!.body.code).toBe('DECISION_ALREADY_APPROVED');
    expect(
      await h.ds.query(`SELECT count(*)::int AS n FROM access.access_grant WHERE application_id = $1`, [s.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('makes a scheduled grant effective on its start date by itself (clock moved, once however often the job runs)', async () => {
    const s = await setup();
    await papers(s.id, s.connectionId, '2026-04-10');
    const granted = await grant(s.id);
    expect(granted.body.status).toBe('scheduled');
    await tick();
    expect((await h.outbox(AccessEvents.GrantEffective)).some((e) => e.payload.grantId === granted.body.id)).toBe(
      false,
    );
    expect(await casesOn('2026-04-09', s.cidr)).toEqual([]);
    expect(await casesOn('2026-04-10', s.cidr)).toEqual([s.id]);

    dayInJapan('2026-04-09');
    await tick();
    expect((await h.outbox(AccessEvents.GrantEffective)).some((e) => e.payload.grantId === granted.body.id)).toBe(
      false,
    );
    dayInJapan('2026-04-10');
    await Promise.all([tick(), tick()]);
    await tick();
    const effective = (await h.outbox(AccessEvents.GrantEffective)).filter(
      (e) => e.payload.grantId === granted.body.id,
    );
    expect(effective).toHaveLength(1);
    expect(effective[0].payload).toMatchObject({
      status: 'active',
      effectiveOn: '2026-04-10',
      contractorId: s.contractorId,
    });
    expect(transitionsFor(effective[0].type, effective[0].payload)).toEqual([
      expect.objectContaining({ step: 'A-12', status: 'done' }),
    ]);
    const view = await h.suite.http('GET', `/api/v1/applications/${s.id}/access`, { token: op });
    expect(view.body.grants[0].status).toBe('active');
    const before = await h.suite.http('GET', `/api/v1/applications/${s.id}/access?date=2026-04-09`, { token: op });
    expect(before.body.grants[0].status).toBe('scheduled');
  });

  it('lets a superseding A-11-2 change the allowlist from its start date and not before (A-13, R10 not checked again)', async () => {
    dayInJapan('2026-04-10');
    const s = await setup('131130');
    await papers(s.id, s.connectionId, '2026-04-10');
    const first = await grant(s.id);
    expect(first.body.status).toBe('active');
    // The case borrows cards again; a change is not held for them (R13: R10 does not apply).
    await h.holdings(s.id, 1);
    const newCidr = `198.18.${++octet}.0/24`;
    const newReg = await h.suite.http('POST', `/api/v1/contractors/${s.contractorId}/connections`, {
      token: op,
      body: { environment: 'production', method: 'dedicated-line', cidrs: [newCidr] },
    });
    await h.accept(
      s.id,
      'A-11-2',
      { startDate: '2026-05-10', connectionId: newReg.body.id, reason: 'system-change' },
      { series: 2 },
    );
    const change = await grant(s.id);
    expect(change.status).toBe(201);
    expect(change.body).toMatchObject({
      status: 'scheduled',
      effectiveOn: '2026-05-10',
      supersedes: first.body.id,
      changeKind: 'system-change',
      cidrs: [newCidr],
    });
    const created = (await h.outbox(AccessEvents.GrantCreated)).find((e) => e.payload.grantId === change.body.id)!;
    expect(transitionsFor(created.type, created.payload)).toEqual([]);

    expect(await casesOn('2026-05-09', s.cidr)).toEqual([s.id]);
    expect(await casesOn('2026-05-09', newCidr)).toEqual([]);
    expect(await casesOn('2026-05-10', s.cidr)).toEqual([]);
    expect(await casesOn('2026-05-10', newCidr)).toEqual([s.id]);
    // Still in use by the case until the change takes effect.
    expect((await h.suite.http('DELETE', `/api/v1/connections/${s.connectionId}`, { token: op })).body.code).toBe(
      'CONNECTION_IN_USE',
    );

    dayInJapan('2026-05-09');
    await tick();
    expect((await h.outbox(AccessEvents.GrantSuperseded)).some((e) => e.payload.grantId === first.body.id)).toBe(false);
    dayInJapan('2026-05-10');
    await tick();
    const superseded = (await h.outbox(AccessEvents.GrantSuperseded)).filter(
      (e) => e.payload.grantId === first.body.id,
    );
    expect(superseded).toHaveLength(1);
    expect(superseded[0].payload.status).toBe('superseded');
    const view = await h.suite.http('GET', `/api/v1/applications/${s.id}/access`, { token: op });
    expect(
      view.body.grants.map((g: { id: string; status: string; effectiveUntil: string | null }) => [
        g.id,
        g.status,
        g.effectiveUntil,
      ]),
    ).toEqual([
      [first.body.id, 'superseded', '2026-05-09'],
      [change.body.id, 'active', null],
    ]);
    // Issue 13: the history and the event name the grant that replaced it by its approval number, never its id.
    const replaced = `承認番号 ${change.body.approval.number} のアクセス権に置き換え / superseded by approval ${change.body.approval.number}`;
    expect(view.body.history).toContainEqual(
      expect.objectContaining({ grantId: first.body.id, kind: 'superseded', reason: replaced }),
    );
    expect(superseded[0].payload.reason).toBe(replaced);
    const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    expect(view.body.history.filter((e: { reason: string | null }) => e.reason && UUID.test(e.reason))).toEqual([]);
    const past = await h.suite.http('GET', `/api/v1/applications/${s.id}/access?date=2026-04-20`, { token: op });
    expect(past.body.grants.map((g: { status: string }) => g.status)).toEqual(['active', 'scheduled']);
    // The old registration is released and can now be withdrawn.
    expect((await h.suite.http('DELETE', `/api/v1/connections/${s.connectionId}`, { token: op })).status).toBe(200);
  });

  it('suspends, reinstates and revokes with a reason, keeping every past day answerable', async () => {
    dayInJapan('2026-05-10');
    const s = await setup();
    await papers(s.id, s.connectionId, '2026-05-10');
    const g = await grant(s.id);
    // Suspension and revocation are decided by two operators; a reinstatement by one.
    const act = (action: string, reason = 'テスト理由 / test reason') =>
      h.suite.decided(
        h.suite.http('POST', `/api/v1/access-grants/${g.body.id}/${action}`, { token: op, body: { reason } }),
      );
    dayInJapan('2026-05-12');
    const notSuspended = await act('reinstatement');
    expect(notSuspended.body.code).toBe('GRANT_STATE_CONFLICT');
    // The grant is named by its approval number and its state in words, never its UUID or a state code (issue 13).
    expect(notSuspended.body.detail).toContain(
      `承認番号 ${g.body.approval.number} のアクセス権は有効のため、再開できません`,
    );
    expect(notSuspended.body.detail).not.toContain(g.body.id);
    expect(notSuspended.body.grantId).toBe(g.body.id);
    const suspended = await act('suspension', '構成員変更の確認中 / checking a member change');
    expect(suspended).toMatchObject({ status: 200, body: { status: 'suspended' } });
    expect(await casesOn('2026-05-12', s.cidr)).toEqual([]);
    expect(await casesOn('2026-05-11', s.cidr)).toEqual([s.id]);
    expect((await act('suspension')).body.code).toBe('GRANT_STATE_CONFLICT');
    dayInJapan('2026-05-13');
    expect((await act('reinstatement')).body.status).toBe('active');
    dayInJapan('2026-05-14');
    expect((await act('revocation', '利用終了 / service ended')).body.status).toBe('revoked');
    expect((await act('reinstatement')).body.code).toBe('GRANT_STATE_CONFLICT');
    const states = await Promise.all(
      ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14'].map(
        async (d) =>
          (await h.suite.http('GET', `/api/v1/applications/${s.id}/access?date=${d}`, { token: op })).body.grants[0]
            .status,
      ),
    );
    expect(states).toEqual(['active', 'suspended', 'active', 'revoked']);
    const suspendedEvent = (await h.outbox(AccessEvents.GrantSuspended)).find((e) => e.payload.grantId === g.body.id)!;
    expect(suspendedEvent.payload).toMatchObject({
      status: 'suspended',
      reason: '構成員変更の確認中 / checking a member change',
      contractorId: s.contractorId,
    });
    expect((await h.outbox(AccessEvents.GrantRevoked)).some((e) => e.payload.grantId === g.body.id)).toBe(true);
    expect((await h.outbox(AccessEvents.GrantReinstated)).some((e) => e.payload.grantId === g.body.id)).toBe(true);
    expect(
      await h.ds
        .query(`UPDATE access.grant_log SET reason = 'x' WHERE grant_id = $1`, [g.body.id])
        .catch((e: Error) => e.message),
    ).toContain('append-only');
  });

  it('refuses a change while access is suspended, and a suspension holds for a scheduled change too', async () => {
    dayInJapan('2026-05-20');
    const s = await setup();
    await papers(s.id, s.connectionId, '2026-05-20');
    const first = await grant(s.id);
    const act = (gid: string, action: string) =>
      h.suite.decided(
        h.suite.http('POST', `/api/v1/access-grants/${gid}/${action}`, {
          token: op,
          body: { reason: '確認中 / under review' },
        }),
      );
    expect((await act(first.body.id, 'suspension')).body.status).toBe('suspended');
    await h.accept(
      s.id,
      'A-11-2',
      { startDate: '2026-06-01', connectionId: s.connectionId, reason: 'member-change' },
      { series: 2 },
    );
    expect((await grant(s.id)).body).toMatchObject({ code: 'ACCESS_SUSPENDED', grantId: first.body.id });
    expect((await act(first.body.id, 'reinstatement')).body.status).toBe('active');
    const change = await grant(s.id);
    expect(change.body).toMatchObject({ status: 'scheduled', supersedes: first.body.id, changeKind: 'member-change' });
    // Suspending the current grant suspends the scheduled change with it: nothing reopens on 2026-06-01.
    dayInJapan('2026-05-25');
    await act(first.body.id, 'suspension');
    expect(await casesOn('2026-06-01', s.cidr)).toEqual([]);
    dayInJapan('2026-06-01');
    await tick();
    expect((await h.outbox(AccessEvents.GrantEffective)).some((e) => e.payload.grantId === change.body.id)).toBe(false);
    expect(await casesOn('2026-06-01', s.cidr)).toEqual([]);
    // Reinstating the change (the grant now current) opens access again, and the job announces it.
    expect((await act(first.body.id, 'reinstatement')).body.code).toBe('GRANT_STATE_CONFLICT');
    expect((await act(change.body.id, 'reinstatement')).body.status).toBe('active');
    await tick();
    expect(
      (await h.outbox(AccessEvents.GrantEffective)).filter((e) => e.payload.grantId === change.body.id),
    ).toHaveLength(1);
    expect(await casesOn('2026-06-01', s.cidr)).toEqual([s.id]);
  });

  it('serves the allowlist as CSV for the network team, to operators only, and refuses dates that do not exist', async () => {
    const csv = await h.suite.http(
      'GET',
      '/api/v1/access/allowlist?environment=production&date=2026-04-10&format=csv',
      { token: op },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,environment,cidr,method,contractor_id,contractor_name,corporate_number,application_ids,organization_codes,effective_from,effective_until',
    );
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[1]).toMatch(/^2026-04-10,production,198\.18\./);
    const bad = await h.suite.http('GET', '/api/v1/access/allowlist?date=2026-02-30', { token: op });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(
      (await h.suite.http('GET', '/api/v1/access/allowlist', { token: await h.token('applicant', '131016') })).status,
    ).toBe(403);
  });
});

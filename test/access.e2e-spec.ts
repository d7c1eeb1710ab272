import { AccessEvents, DocumentsEvents, EventEnvelope, SubmissionEventPayload } from '@jlis/contracts';
import { randomUUID } from 'node:crypto';
import { AccessHarness, corporateNumber } from './access.harness';

/** Contractors, connection registrations, links and test access (A-8, A-9; R8, R9) through the gateway. */
describe('access: contractors, connections and test access', () => {
  let h: AccessHarness;
  let op: string;
  let n = 100;

  beforeAll(async () => {
    h = await AccessHarness.start();
    op = await h.token('operator');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const contractor = async (name = `受託者${n}`) => {
    const res = await h.suite.http('POST', '/api/v1/contractors', {
      token: op,
      body: { name, corporateNumber: corporateNumber(++n), email: `c${n}@vendor.example.jp` },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; corporateNumber: string };
  };
  const connection = async (cid: string, body: object, token = op) =>
    h.suite.http('POST', `/api/v1/contractors/${cid}/connections`, { token, body });

  describe('contractors', () => {
    it('registers a contractor with a valid 法人番号 and publishes it', async () => {
      const res = await h.suite.http('POST', '/api/v1/contractors', {
        token: op,
        body: { name: '株式会社サンプル', corporateNumber: '7000012050002', email: 'jpki@sample.example.jp' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: '株式会社サンプル', corporateNumber: '7000012050002', version: 1 });
      const events = await h.outbox(AccessEvents.ContractorRegistered);
      expect(events.map((e) => e.payload.contractorId)).toContain(res.body.id);
      const again = await h.suite.http('POST', '/api/v1/contractors', {
        token: op,
        body: { name: 'x', corporateNumber: '7000012050002', email: 'x@x.jp' },
      });
      expect(again).toMatchObject({ status: 409, body: { code: 'CONTRACTOR_ALREADY_REGISTERED' } });
    });

    it('refuses a 法人番号 with a wrong check digit with a 400 naming corporateNumber, and stores nothing', async () => {
      const before = await h.ds.query(`SELECT count(*)::int AS n FROM access.contractor`);
      const res = await h.suite.http('POST', '/api/v1/contractors', {
        token: op,
        body: { name: 'x', corporateNumber: '6000012050002', email: 'x@x.jp' },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'corporateNumber', message: expect.stringContaining('check digit') }),
      ]);
      expect(await h.ds.query(`SELECT count(*)::int AS n FROM access.contractor`)).toEqual(before);
    });

    it('publishes the default connection methods seeded by the first migration', async () => {
      const events = await h.outbox(AccessEvents.ConnectionMethodDefined);
      expect(events.map((e) => e.payload.code).sort()).toEqual(['dedicated-line', 'internet-vpn', 'lgwan']);
    });

    it('lets an applicant find a contractor by 法人番号 and see it once its case names it; others get 404', async () => {
      const c = await contractor();
      const applicant = await h.token('applicant', '131016');
      const found = await h.suite.http('GET', `/api/v1/contractors?corporateNumber=${c.corporateNumber}`, {
        token: applicant,
      });
      expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
      expect((await h.suite.http('GET', `/api/v1/contractors/${c.id}`, { token: applicant })).status).toBe(404);
      await h.newCase('131016', c.id);
      expect((await h.suite.http('GET', `/api/v1/contractors/${c.id}`, { token: applicant })).status).toBe(200);
      expect(
        (await h.suite.http('GET', `/api/v1/contractors/${c.id}`, { token: await h.token('applicant', '131041') }))
          .status,
      ).toBe(404);
      expect(
        (await h.suite.http('GET', `/api/v1/contractors/${c.id}`, { token: await h.token('contractor', c.id) })).status,
      ).toBe(200);
      expect(
        (await h.suite.http('GET', `/api/v1/contractors/${c.id}`, { token: await h.token('contractor', randomUUID()) }))
          .status,
      ).toBe(404);
    });
  });

  it('documents its routes in OpenAPI', async () => {
    const doc = await h.suite.http('GET', '/api/docs-json');
    for (const path of [
      '/api/v1/contractors',
      '/api/v1/contractors/{cid}',
      '/api/v1/contractors/{cid}/connections',
      '/api/v1/connections/{connId}',
      '/api/v1/applications/{id}/connection-links',
      '/api/v1/applications/{id}/lgwan-task',
      '/api/v1/applications/{id}/access-grants',
      '/api/v1/applications/{id}/access',
      '/api/v1/access-grants/{gid}/suspension',
      '/api/v1/access-grants/{gid}/revocation',
      '/api/v1/access-grants/{gid}/reinstatement',
      '/api/v1/access-decisions',
      '/api/v1/access-decisions/{decisionId}/approval',
      '/api/v1/access/allowlist',
      '/api/v1/connection-methods',
      '/api/v1/connection-methods/{code}',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
  });

  it('lets a contractor change its own name and e-mail (published, with history) but not another contractor', async () => {
    const c = await contractor();
    const own = await h.suite.http('PATCH', `/api/v1/contractors/${c.id}`, {
      token: await h.token('contractor', c.id),
      body: { email: 'new@vendor.example.jp' },
    });
    expect(own.body).toMatchObject({ email: 'new@vendor.example.jp', version: 2 });
    expect(
      (await h.outbox(AccessEvents.ContractorUpdated)).find((e) => e.payload.contractorId === c.id)?.payload.email,
    ).toBe('new@vendor.example.jp');
    const other = await h.suite.http('PATCH', `/api/v1/contractors/${c.id}`, {
      token: await h.token('contractor', randomUUID()),
      body: { email: 'evil@x.jp' },
    });
    expect(other.status).toBe(404);
    expect(
      await h.ds.query(`SELECT count(*)::int AS n FROM access.contractor_revision WHERE contractor_id = $1`, [c.id]),
    ).toEqual([{ n: 2 }]);
  });

  it('keeps the connection-method catalogue editable by operators, versioned and published', async () => {
    const put = (body: object, token = op) =>
      h.suite.http('PUT', '/api/v1/connection-methods/closed-mobile', { token, body });
    expect((await put({ name: '閉域モバイル網', active: true }, await h.token('applicant', '131016'))).status).toBe(
      403,
    );
    expect(await put({ name: '閉域モバイル網', active: true })).toMatchObject({
      status: 200,
      body: { code: 'closed-mobile', version: 1 },
    });
    const c = await contractor();
    expect(
      (await connection(c.id, { environment: 'test', method: 'closed-mobile', cidrs: ['10.6.0.0/24'] })).status,
    ).toBe(201);
    expect((await put({ name: '閉域モバイル網', active: false })).body.version).toBe(2);
    const refused = await connection(c.id, { environment: 'test', method: 'closed-mobile', cidrs: ['10.7.0.0/24'] });
    expect(refused).toMatchObject({ status: 400, body: { code: 'CONNECTION_METHOD_UNKNOWN' } });
    const published = (await h.outbox(AccessEvents.ConnectionMethodDefined)).filter(
      (e) => e.aggregateId === 'closed-mobile',
    );
    expect(published.map((e) => [e.aggregateVersion, e.payload.active])).toEqual([
      [1, true],
      [2, false],
    ]);
    const list = await h.suite.http('GET', '/api/v1/connection-methods', { token: await h.token('contractor', c.id) });
    expect(list.body.items.map((m: { code: string }) => m.code)).toEqual([
      'closed-mobile',
      'dedicated-line',
      'internet-vpn',
      'lgwan',
    ]);
    expect(
      (
        await h.suite.http('PUT', '/api/v1/connection-methods/Bad_Code', {
          token: op,
          body: { name: 'x', active: true },
        })
      ).status,
    ).toBe(400);
  });

  describe('connections', () => {
    it.each([
      [['10.1.0.0/33'], 'CIDR_MALFORMED'],
      [['010.1.0.0/16'], 'CIDR_MALFORMED'],
      [['10.1.0.1/16'], 'CIDR_HOST_BITS_SET'],
      [['0.0.0.0/0'], 'CIDR_TOO_BROAD'],
      [['10.2.0.0/16', '10.2.3.0/24'], 'CIDR_OVERLAP_IN_REQUEST'],
    ])('refuses %j with 400 %s and stores nothing', async (cidrs, code) => {
      const c = await contractor();
      const res = await connection(c.id, { environment: 'test', method: 'lgwan', cidrs });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(res.body.errors[0].field).toMatch(/^cidrs\[\d\]$/);
      expect(
        await h.ds.query(`SELECT count(*)::int AS n FROM access.connection WHERE contractor_id = $1`, [c.id]),
      ).toEqual([{ n: 0 }]);
    });

    it('refuses an unknown method naming the catalogue', async () => {
      const c = await contractor();
      const res = await connection(c.id, { environment: 'test', method: 'carrier-pigeon', cidrs: ['10.3.0.0/24'] });
      expect(res).toMatchObject({ status: 400, body: { code: 'CONNECTION_METHOD_UNKNOWN' } });
    });

    it("normalises CIDRs and refuses one overlapping another contractor's in the same environment, naming the clash", async () => {
      const a = await contractor('受託者A');
      const b = await contractor('受託者B');
      const first = await connection(a.id, {
        environment: 'production',
        method: 'lgwan',
        cidrs: ['203.0.113.0/28', '2001:0DB8:00AA::/48'],
      });
      expect(first.status).toBe(201);
      expect(first.body.cidrs).toEqual(['203.0.113.0/28', '2001:db8:aa::/48']);
      const clash = await connection(b.id, {
        environment: 'production',
        method: 'internet-vpn',
        cidrs: ['198.51.100.0/24', '203.0.113.8/29'],
      });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({
        code: 'CIDR_CLASH',
        cidr: '203.0.113.8/29',
        clashesWith: '203.0.113.0/28',
        contractorId: a.id,
        contractorName: '受託者A',
      });
      expect(clash.body.detail).toContain('203.0.113.0/28');
      expect(
        await h.ds.query(`SELECT count(*)::int AS n FROM access.connection WHERE contractor_id = $1`, [b.id]),
      ).toEqual([{ n: 0 }]);
      // The same range in the other environment is another network: allowed.
      expect(
        (await connection(b.id, { environment: 'test', method: 'internet-vpn', cidrs: ['203.0.113.8/29'] })).status,
      ).toBe(201);
    });

    it("keeps a contractor out of another contractor's connections (read and write)", async () => {
      const a = await contractor();
      const b = await contractor();
      const tokenB = await h.token('contractor', b.id);
      expect(
        (
          await connection(
            a.id,
            { environment: 'test', method: 'lgwan', cidrs: ['10.4.0.0/24'] },
            await h.token('contractor', a.id),
          )
        ).status,
      ).toBe(201);
      const read = await h.suite.http('GET', `/api/v1/contractors/${a.id}/connections`, { token: tokenB });
      expect(read.status).toBe(404);
      const write = await connection(a.id, { environment: 'test', method: 'lgwan', cidrs: ['10.5.0.0/24'] }, tokenB);
      expect(write.status).toBe(404);
      // Not even the body's rules are revealed for another contractor's id.
      expect((await connection(a.id, {}, tokenB)).status).toBe(404);
      const own = await h.suite.http('GET', `/api/v1/contractors/${a.id}/connections`, {
        token: await h.token('contractor', a.id),
      });
      expect(own.body.items).toHaveLength(1);
      const del = await h.suite.http('DELETE', `/api/v1/connections/${own.body.items[0].id}`, { token: tokenB });
      expect(del.status).toBe(404);
    });
  });

  describe('test access (A-8, A-9)', () => {
    it('reuses one registration for two local governments, counts the links and refuses to withdraw it while used', async () => {
      const c = await contractor();
      const reg = await connection(c.id, { environment: 'test', method: 'lgwan', cidrs: ['10.10.0.0/24'] });
      const first = await h.newCase('131016', c.id);
      const second = await h.newCase('131041', c.id);
      const applicant2 = await h.token('applicant', '131041');
      // Nothing to reuse yet: the second local government must file its own A-08-1 first.
      const early = await h.suite.http('POST', `/api/v1/applications/${second}/connection-links`, {
        token: applicant2,
        body: { connectionId: reg.body.id, viaLgpki: false },
      });
      expect(early).toMatchObject({ status: 409, body: { code: 'CONNECTION_NOT_REGISTERED_ELSEWHERE' } });

      await h.accept(first, 'A-03-4');
      await h.accept(first, 'A-08-1', { connectionId: reg.body.id, viaLgpki: false });
      await h.accept(second, 'A-03-4');
      const link = await h.suite.http('POST', `/api/v1/applications/${second}/connection-links`, {
        token: applicant2,
        body: { connectionId: reg.body.id, viaLgpki: false },
      });
      expect(link.status).toBe(201);
      expect(link.body).toMatchObject({ applicationId: second, connectionId: reg.body.id, source: 'link' });
      expect((await h.outbox(AccessEvents.ConnectionLinked)).some((e) => e.payload.applicationId === second)).toBe(
        true,
      );

      for (const id of [first, second]) {
        const g = await h.suite.http('POST', `/api/v1/applications/${id}/access-grants`, {
          token: op,
          body: { environment: 'test' },
        });
        expect(g.status).toBe(201);
        expect(g.body).toMatchObject({
          status: 'active',
          environment: 'test',
          connectionId: reg.body.id,
          cidrs: ['10.10.0.0/24'],
          contractorId: c.id,
          grantedBy: 'op-1',
        });
        expect(g.body.approval).toMatchObject({
          number: expect.stringMatching(/^JPKI-T-2026-\d{6}$/),
          approvedOn: '2026-04-01',
          approver: '審査 一郎',
        });
      }
      const list = await h.suite.http('GET', `/api/v1/contractors/${c.id}/connections`, { token: op });
      expect(list.body.items[0].linkedCases).toBe(2);
      const del = await h.suite.http('DELETE', `/api/v1/connections/${reg.body.id}`, {
        token: await h.token('contractor', c.id),
      });
      expect(del).toMatchObject({ status: 409, body: { code: 'CONNECTION_IN_USE', linkedCases: 2 } });

      const allow = await h.suite.http('GET', '/api/v1/access/allowlist?environment=test', { token: op });
      const entry = allow.body.entries.find((e: { cidr: string }) => e.cidr === '10.10.0.0/24');
      expect(entry.cases.map((x: { applicationId: string }) => x.applicationId).sort()).toEqual([first, second].sort());
    });

    it('withdraws a registration no case uses, and keeps it in history', async () => {
      const c = await contractor();
      const reg = await connection(c.id, { environment: 'test', method: 'lgwan', cidrs: ['10.11.0.0/24'] });
      const del = await h.suite.http('DELETE', `/api/v1/connections/${reg.body.id}`, {
        token: await h.token('contractor', c.id),
      });
      expect(del.status).toBe(200);
      expect(del.body.withdrawnAt).toBeTruthy();
      // Its addresses are free again for another contractor.
      const other = await contractor();
      expect(
        (await connection(other.id, { environment: 'test', method: 'lgwan', cidrs: ['10.11.0.0/24'] })).status,
      ).toBe(201);
    });

    it('gates test access on the online test wish, an accepted A-03-4, an A-08-1 and — via LGPKI — the LGWAN task', async () => {
      const c = await contractor();
      const reg = await connection(c.id, { environment: 'test', method: 'lgwan', cidrs: ['10.20.0.0/24'] });
      const grant = (id: string) =>
        h.suite.http('POST', `/api/v1/applications/${id}/access-grants`, { token: op, body: { environment: 'test' } });

      const noTest = await h.newCase('131130', c.id, false);
      expect((await grant(noTest)).body.code).toBe('ONLINE_TEST_NOT_WANTED');

      const id = await h.newCase('131130', c.id);
      const none = await grant(id);
      expect(none).toMatchObject({ status: 409, body: { code: 'PRECONDITION_NOT_YET_KNOWN', missing: ['A-03-4'] } });
      await h.accept(id, 'A-03-4');
      expect((await grant(id)).body).toMatchObject({ code: 'PRECONDITION_NOT_YET_KNOWN', missing: ['A-08-1'] });
      await h.accept(id, 'A-08-1', { connectionId: reg.body.id, viaLgpki: true });
      const gated = await grant(id);
      expect(gated).toMatchObject({ status: 409, body: { code: 'LGWAN_TASK_NOT_DONE' } });

      const applicant = await h.token('applicant', '131130');
      const badDate = await h.suite.http('POST', `/api/v1/applications/${id}/lgwan-task`, {
        token: applicant,
        body: { completedOn: '2026-02-30' },
      });
      expect(badDate.status).toBe(400);
      expect(badDate.body.errors[0].field).toBe('completedOn');
      const future = await h.suite.http('POST', `/api/v1/applications/${id}/lgwan-task`, {
        token: applicant,
        body: { completedOn: '2026-04-02' },
      });
      expect(future).toMatchObject({ status: 400, body: { code: 'DATE_IN_FUTURE' } });
      expect(
        await h.ds.query(`SELECT count(*)::int AS n FROM access.lgwan_task WHERE application_id = $1`, [id]),
      ).toEqual([{ n: 0 }]);
      const other = await h.suite.http('POST', `/api/v1/applications/${id}/lgwan-task`, {
        token: await h.token('applicant', '131016'),
        body: { completedOn: '2026-03-31' },
      });
      expect(other.status).toBe(404);
      expect(
        (
          await h.suite.http('POST', `/api/v1/applications/${id}/lgwan-task`, {
            token: applicant,
            body: { completedOn: '2026-03-31' },
          })
        ).status,
      ).toBe(201);

      const granted = await grant(id);
      expect(granted.status).toBe(201);
      expect(granted.body).toMatchObject({
        status: 'active',
        effectiveOn: '2026-04-01',
        cidrs: ['10.20.0.0/24'],
        contractorId: c.id,
        applicationId: id,
      });
      expect((await grant(id)).body.code).toBe('ACCESS_ALREADY_GRANTED');
      expect(
        (await h.outbox(AccessEvents.GrantCreated)).find((e) => e.payload.grantId === granted.body.id)?.payload,
      ).toMatchObject({
        environment: 'test',
        status: 'active',
        contractorId: c.id,
      });
      const view = await h.suite.http('GET', `/api/v1/applications/${id}/access`, { token: applicant });
      expect(view.body).toMatchObject({
        lgwanTask: { completedOn: '2026-03-31' },
        grants: [{ id: granted.body.id, status: 'active' }],
      });
      expect(view.body.links).toEqual([expect.objectContaining({ source: 'A-08-1', viaLgpki: true })]);
      // The contractor the case names reads the case's access; another contractor does not learn it exists.
      expect(
        (await h.suite.http('GET', `/api/v1/applications/${id}/access`, { token: await h.token('contractor', c.id) }))
          .status,
      ).toBe(200);
      expect(
        (
          await h.suite.http('GET', `/api/v1/applications/${id}/access`, {
            token: await h.token('contractor', randomUUID()),
          })
        ).status,
      ).toBe(404);
    });

    it('changes nothing when an event is delivered again', async () => {
      const c = await contractor();
      const reg = await connection(c.id, { environment: 'test', method: 'lgwan', cidrs: ['10.30.0.0/24'] });
      const id = await h.newCase('131016', c.id);
      const submissionId = randomUUID();
      const envelope = await h.publish<SubmissionEventPayload>(
        DocumentsEvents.SubmissionAccepted,
        {
          submissionId,
          applicationId: id,
          form: 'A-08-1',
          series: 1,
          round: 1,
          fields: { connectionId: reg.body.id, viaLgpki: false },
        },
        id,
      );
      expect(await h.consumer.apply(envelope as unknown as EventEnvelope)).toBe(false);
      expect(
        await h.ds.query(`SELECT count(*)::int AS n FROM access.connection_link WHERE application_id = $1`, [id]),
      ).toEqual([{ n: 1 }]);
      expect(
        await h.ds.query(`SELECT count(*)::int AS n FROM access.accepted_submission WHERE application_id = $1`, [id]),
      ).toEqual([{ n: 1 }]);
    });
  });
});

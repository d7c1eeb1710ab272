import { applicationRequest, eventually } from '@jlis/testing';
import { TestSuite } from './suite';

/** R4, who read what: every file handed out is recorded — who, when, which file, for which case — and listed for operators. */
describe('who read what (R4)', () => {
  let suite: TestSuite;
  let operator: string;
  let applicant: string;
  const ORG = '131016';
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

  beforeAll(async () => {
    suite = await TestSuite.start({ services: ['intake', 'documents'] });
    operator = await suite.token({ role: 'operator', sub: 'operator-1', name: '審査 一郎' });
    applicant = await suite.token({ role: 'applicant', org: ORG, sub: 'applicant-chiyoda', name: '山田 太郎' });
  });

  afterAll(async () => {
    await suite?.destroy();
  });

  const upload = (path: string, token: string, fields: Record<string, string>, filename: string) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    data.set('file', new Blob([PDF], { type: 'application/pdf' }), filename);
    return suite.http('POST', path, { token, form: data });
  };

  it('records template and submission downloads and lists them for operators, per case and in all', async () => {
    expect((await upload('/api/v1/forms/A-03-3/templates', operator, {}, 'a-03-3-template.pdf')).status).toBe(201);
    const created = await suite.http('POST', '/api/v1/applications', {
      token: applicant,
      body: applicationRequest(ORG, '千代田区電子申請サービス'),
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(
      (
        await suite.http('POST', `/api/v1/applications/${id}/qualification`, {
          token: operator,
          body: { decision: 'qualified' },
        })
      ).status,
    ).toBe(200);
    const submitted = await eventually(async () => {
      const res = await upload(
        `/api/v1/applications/${id}/submissions`,
        applicant,
        { form: 'A-03-3', fields: '{}' },
        'nda.pdf',
      );
      return res.status === 201 && res;
    }, 20_000);
    const sid: string = submitted.body.id;

    const template = await suite.http('GET', '/api/v1/forms/A-03-3/templates/latest/content', { token: applicant });
    expect(template.status).toBe(200);
    expect((await suite.http('GET', `/api/v1/submissions/${sid}/content`, { token: operator })).status).toBe(200);
    // A refused download is no download: another organisation's applicant gets 404 and leaves no record.
    const stranger = await suite.token({ role: 'applicant', org: '131041', sub: 'applicant-shinjuku' });
    expect((await suite.http('GET', `/api/v1/submissions/${sid}/content`, { token: stranger })).status).toBe(404);

    const all = await suite.http('GET', '/api/v1/downloads', { token: operator });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    const [submissionRead, templateRead] = all.body.items;
    expect(submissionRead).toMatchObject({
      kind: 'submission',
      ref: sid,
      filename: 'nda.pdf',
      applicationId: id,
      receptionNumber: created.body.receptionNumber,
      by: { sub: 'operator-1', role: 'operator', name: '審査 一郎', organizationCode: null, contractorId: null },
    });
    expect(templateRead).toMatchObject({
      kind: 'template',
      ref: 'A-03-3@latest',
      filename: 'a-03-3-template.pdf',
      applicationId: null,
      by: { sub: 'applicant-chiyoda', role: 'applicant', name: '山田 太郎', organizationCode: ORG },
    });
    expect(Date.parse(submissionRead.at)).toBeGreaterThanOrEqual(Date.parse(templateRead.at));

    const forCase = await suite.http('GET', `/api/v1/applications/${id}/downloads`, { token: operator });
    expect(forCase.body.items.map((d: { ref: string }) => d.ref)).toEqual([sid]);
    const templatesOnly = await suite.http('GET', '/api/v1/downloads?kind=template', { token: operator });
    expect(templatesOnly.body.items.map((d: { kind: string }) => d.kind)).toEqual(['template']);
    const badKind = await suite.http('GET', '/api/v1/downloads?kind=spec', { token: operator });
    expect([badKind.status, badKind.body.errors?.[0]?.field]).toEqual([400, 'kind']);
  });

  it('is for operators only', async () => {
    expect((await suite.http('GET', '/api/v1/downloads', { token: applicant })).status).toBe(403);
    const contractor = await suite.token({ role: 'contractor', contractor: '6f1a9c3e-8b27-4d5f-a0e4-2c7b9d1f3e58' });
    expect((await suite.http('GET', '/api/v1/downloads', { token: contractor })).status).toBe(403);
  });
});

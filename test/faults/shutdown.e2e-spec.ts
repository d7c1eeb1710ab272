import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPortalClient } from '@jlis/portal-client';
import { token } from '../../scripts/lib/walk';
import { ROOT } from '../dist';
import { ProcessSuite } from './process-suite';

/**
 * Graceful shutdown (docs/operations.md § Health and metrics): a service instance sent SIGTERM while portals keep
 * starting cases stops taking requests (the other instance of its queue group gets them), answers those it holds,
 * hands back the events it had pulled, and exits 0 within SHUTDOWN_TIMEOUT_MS. Over it: every HTTP request answered,
 * and every A-1 mailed exactly once (applied once, whatever was handed back or delivered again).
 */
describe('SIGTERM under load', () => {
  let suite: ProcessSuite;
  const SHUTDOWN_TIMEOUT_MS = 15_000;
  const JLIS = 'jpki-kanri@j-lis.test';

  beforeAll(async () => {
    suite = await ProcessSuite.start();
    // A second instance of each service the A-1 crosses, so the one stopped has a peer to take over.
    await suite.startProcess('intake#2', { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    await suite.startProcess('notifications#2', { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
  }, 180_000);

  afterAll(async () => {
    await suite?.destroy();
  });

  it('loses no request and applies nothing twice while an intake and a notifications instance stop', async () => {
    const organizations = readFileSync(join(ROOT, 'apps/intake/data/local-governments.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((cols) => cols[4] === 'municipality')
      .slice(0, 90)
      .map(([code, , name]) => ({ code, name }));
    const answers: { what: string; status: number | string }[] = [];
    const created = new Map<string, string>();
    let next = 0;

    const portal = async () => {
      for (let org = organizations[next++]; org; org = organizations[next++]) {
        const bearer = await token({ role: 'applicant', org: org.code }, `applicant-${org.code}`);
        // A portal's own client, generated from the contract (libs/portal-client).
        const client = createPortalClient({ baseUrl: suite.baseUrl, token: bearer });
        const res = await client
          .POST('/api/v1/applications', {
            body: {
              organizationCode: org.code,
              verifierName: org.name,
              verifierKinds: ['signature'],
              department: '情報政策課',
              contact: { name: '山田 太郎', phone: '03-0000-0000', email: `jpki-${org.code}@example.lg.jp` },
            },
          })
          .catch((error: Error) => ({ response: { status: error.message }, data: undefined }));
        answers.push({ what: `A-1 ${org.code}`, status: res.response.status });
        if (res.response.status !== 201 || !res.data) continue;
        const { id } = res.data;
        created.set(org.code, org.name);
        const read = await client
          .GET('/api/v1/applications/{id}', { params: { path: { id } } })
          .catch((error: Error) => ({ response: { status: error.message } }));
        answers.push({ what: `read ${org.code}`, status: read.response.status });
      }
    };

    const load = Promise.all(Array.from({ length: 6 }, portal));
    // Once the load is under way: stop one instance of each, as a rolling update does.
    while (answers.length < 30) await new Promise((r) => setTimeout(r, 50));
    const [intake, notifications] = await Promise.all([suite.terminate('intake'), suite.terminate('notifications')]);
    await load;

    try {
      for (const [name, stop] of Object.entries({ intake, notifications })) {
        expect({ name, code: stop.code, inTime: stop.ms < SHUTDOWN_TIMEOUT_MS }).toEqual({
          name,
          code: 0,
          inTime: true,
        });
        expect(suite.logs.get(name as 'intake')!.join('')).toContain('"msg":"stopped"');
      }
      // No request lost: every one answered, none with a failure.
      expect(answers.filter((a) => a.status !== 200 && a.status !== 201)).toEqual([]);
      expect(created.size).toBe(organizations.length);

      // Every A-1 mailed exactly once: wait for all, then a little longer for any second copy.
      const subjects = () =>
        suite.smtp.mails
          .filter((m) => m.envelopeTo.includes(JLIS))
          .map((m) => m.parsed.subject ?? '')
          .filter((subject) => subject.startsWith('申請手続開始依頼'));
      const deadline = Date.now() + 60_000;
      while (subjects().length < created.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      await new Promise((r) => setTimeout(r, 3000));
      const counts = new Map<string, number>();
      for (const subject of subjects()) counts.set(subject, (counts.get(subject) ?? 0) + 1);
      for (const name of created.values()) {
        const subject = `申請手続開始依頼(「${name}」)`;
        expect({ subject, mails: counts.get(subject) ?? 0 }).toEqual({ subject, mails: 1 });
      }
      expect(subjects()).toHaveLength(created.size);
    } catch (error) {
      throw new Error(`${(error as Error).message}\nlogs: ${suite.dumpLogs()}`);
    }
  }, 240_000);
});

import type { Browser, Page } from 'playwright-core';
import { TestSuite } from '../suite';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { accessibilityViolations, launch, onePagePdf, person, screenshot, SCREENSHOTS, signIn } from './browser';

/**
 * The console in Debian's Chromium against the whole suite over real HTTP: a local government asks to start,
 * J-LIS qualifies it, the local government submits A-03-1 with its file, J-LIS returns it with a reason per
 * field, the local government sees the reason next to the field and submits again, J-LIS accepts it, then A-03-3 and
 * A-03-4 (A-3, A-4 done), and a question is asked and answered — only by clicking and typing, with axe-core on
 * every page and a screenshot of each step.
 */
describe('console (browser)', () => {
  let suite: TestSuite;
  let browser: Browser;
  const violations: string[] = [];
  const pageErrors: string[][] = [];

  beforeAll(async () => {
    [suite, browser] = await Promise.all([TestSuite.start(), launch()]);
  }, 180_000);

  afterAll(async () => {
    if (timings.length) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(path.join(SCREENSHOTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
      console.log(timings.map((t) => `${t.action}: ${t.ms} ms`).join('\n'));
    }
    await browser?.close();
    await suite?.destroy();
  });

  /** axe-core on the page now, and a screenshot; violations are gathered and asserted at the end of the walk. */
  const check = async (page: Page, name: string) => {
    await page
      .getByText('読み込み中…')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    violations.push(...(await accessibilityViolations(page)).map((v) => `${name}: ${v}`));
    await screenshot(page, name);
  };
  const refresh = async (page: Page) => {
    await page.getByRole('button', { name: '最新の情報に更新' }).click();
    await page
      .getByText('読み込み中…')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
  };
  /** Presses 更新 until `text` appears in `where` (the suite's projections follow the commands shortly after). */
  const until = async (page: Page, where: string, text: RegExp | string) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      if ((await page.locator(where).innerText()).match(text)) return;
      await page.waitForTimeout(500);
      await refresh(page);
    }
    throw new Error(`${where} never showed ${String(text)}: ${await page.locator(where).innerText()}`);
  };
  /**
   * How long an action takes from the click to what it shows, on loopback (issue 15: "within a second" is measured
   * and reported, not asserted — the machine is shared). Printed at the end and written beside the screenshots.
   */
  const timings: { action: string; ms: number }[] = [];
  const timed = async (action: string, run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    timings.push({ action, ms: Math.round(performance.now() - started) });
  };
  const stepRow = (step: string) => `tr:has(th:text-is("${step}"))`;

  it('serves the console under /console with its CSP, any deep link as the application, assets cached', async () => {
    const page = await fetch(`${suite.baseUrl}/console/cases/00000000-0000-4000-8000-000000000000`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain('frame-src blob:');
    // One policy, the console's: helmet's default (with its `https:` style sources) is replaced, not added to.
    expect(csp).not.toContain('upgrade-insecure-requests');
    const html = await page.text();
    expect(html).toContain('<meta name="jlis-console" content="{&quot;authMode&quot;:&quot;development&quot;}">');
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${suite.baseUrl}${script}`);
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await fetch(`${suite.baseUrl}/console/assets/none.js`)).status).toBe(404);
    expect((await fetch(`${suite.baseUrl}/console`, { redirect: 'manual' })).headers.get('location')).toBe('/console/');
  });

  it('walks one case through the whole procedure A-1 … A-12 as a local government, two operators and its contractor', async () => {
    const applicant = await person(browser);
    const operator = await person(browser);
    const approver = await person(browser);
    const vendor = await person(browser);
    pageErrors.push(applicant.errors, operator.errors, approver.errors, vendor.errors);
    const [a, o, o2, v] = [applicant.page, operator.page, approver.page, vendor.page];
    try {
      await walk();
    } catch (error) {
      // What each person saw when the walk stopped, beside the step screenshots.
      for (const [who, page] of Object.entries({ applicant: a, operator: o, approver: o2, vendor: v })) {
        await screenshot(page, `failed-${who}`).catch(() => undefined);
      }
      throw error;
    }
    async function walk() {
      const PDF = await onePagePdf('A-03-1 Technical specification disclosure request');
      const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: PDF });
      const SUBMISSIONS = 'table:has(caption:text-is("提出書類"))';
      const LOANS = 'section:has(#loans-title)';
      const ACCESS = 'section:has(#access-title)';

      /** The local government submits `form` (after `fill` sets its fields) with its file. */
      const submit = async (form: string, fill?: () => Promise<void>) => {
        await a.getByLabel('様式').selectOption(form);
        await fill?.();
        await a.getByLabel('ファイル(PDF)').setInputFiles(pdf(`${form}.pdf`));
        await a.getByRole('button', { name: '提出する' }).click();
        await until(a, SUBMISSIONS, new RegExp(`${form}\\t\\d+\\t審査待ち`));
      };
      /** J-LIS opens the submission of `form` waiting for review and accepts it. */
      const accept = async (form: string, extra?: () => Promise<void>) => {
        await refresh(o);
        await o.getByRole('button', { name: `${form} を審査する` }).click();
        // As a person would: the file is looked at before the decision.
        await o.locator('.preview iframe').waitFor();
        await o.getByLabel('受理する').check();
        await extra?.();
        await o.getByRole('button', { name: '審査結果を登録する' }).click();
        await o.getByRole('heading', { name: new RegExp(`^審査: ${form}`) }).waitFor({ state: 'detached' });
        await until(o, SUBMISSIONS, new RegExp(`${form}\\t\\d+\\t受理`));
      };
      /**
       * Presses a button until the page stops refusing: a service that has not yet heard what another just recorded
       * (the cards back, the contractor named) says so, and a person presses again a moment later.
       */
      const pressUntilAccepted = async (page: Page, where: string, button: string, expected: RegExp | string) => {
        for (let attempt = 0; attempt < 30; attempt++) {
          await page.getByRole('button', { name: button }).click();
          // What the press led to: what was expected, or a refusal (then pressed again a moment later).
          for (let look = 0; look < 40; look++) {
            if ((await page.locator(where).innerText()).match(expected)) return;
            if (await page.locator(`${where} [role="alert"]`).count()) break;
            await page.waitForTimeout(250);
          }
          await page.waitForTimeout(700);
        }
        throw new Error(`${button} was never accepted: ${await page.locator(where).innerText()}`);
      };

      // J-LIS publishes the template of A-03-1 (様式のひな形).
      await signIn(o, suite.baseUrl, { role: 'J-LIS 担当者', name: '審査 一郎' });
      await o.getByRole('navigation').getByRole('link', { name: '様式のひな形' }).click();
      await o.getByLabel('様式', { exact: true }).selectOption('A-03-1');
      await o.getByLabel('ひな形のファイル(PDF・DOCX・XLSX)').setInputFiles({ ...pdf('a-03-1-template.pdf') });
      await o.getByRole('button', { name: 'ひな形を登録する' }).click();
      await o.getByText(/第1版 a-03-1-template\.pdf/).waitFor();
      await check(o, 'operator-templates');

      // The contractor (reference data: registered by J-LIS over the API) signs in and registers its connections.
      const operatorToken = await suite.token({ role: 'operator' });
      const contractor = await suite.http('POST', '/api/v1/contractors', {
        token: operatorToken,
        body: { name: '株式会社テスト受託', corporateNumber: '7000012050002', email: 'jpki@contractor.example.jp' },
      });
      expect(contractor.status).toBe(201);
      await signIn(v, suite.baseUrl, { role: 'システム事業者', contractor: contractor.body.id, name: '受託 三郎' });
      await v.getByRole('navigation').getByRole('link', { name: '接続の登録' }).click();
      await v.getByText('登録された接続はまだありません。').waitFor();
      for (const [environment, cidr] of [
        ['テスト環境', '192.0.2.0/28'],
        ['本番環境', '198.51.100.0/28'],
      ]) {
        await v.getByLabel(environment, { exact: true }).check();
        await v.getByLabel('接続方法').selectOption({ label: 'LGWAN' });
        await v.getByLabel('接続元のアドレス範囲(CIDR、1行に1つ)').fill(cidr);
        await v.getByRole('button', { name: '接続を登録する' }).click();
        await v.getByRole('cell', { name: cidr }).waitFor();
      }
      await check(v, 'contractor-connections');

      // A-1 by the local government, refused once for its e-mail address: the message sits by that field.
      await a.goto(`${suite.baseUrl}/console/`);
      await check(a, 'sign-in');
      await signIn(a, suite.baseUrl, { role: '地方公共団体', org: '131016', name: '山田 太郎' });
      await a.getByRole('heading', { name: '申請一覧' }).waitFor();
      await check(a, 'applicant-cases-empty');
      await a.getByRole('link', { name: '手続開始の依頼(A-1)' }).click();
      await a.getByLabel('署名検証者名').fill('千代田区');
      await a.getByLabel('部署').fill('政策経営部情報政策課');
      await a.getByLabel('氏名', { exact: true }).fill('山田 太郎');
      await a.getByLabel('電話番号').fill('03-3264-2111');
      await a.getByLabel('メールアドレス').fill('jpki-at-city.chiyoda');
      await a.getByRole('button', { name: '依頼を送信する' }).click();
      const email = a.getByLabel('メールアドレス');
      await a.locator('[aria-invalid="true"]').first().waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await email.getAttribute('aria-describedby'))!;
      expect(await a.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText()).toBe(
        'メールアドレスを正しい形式で入力してください。',
      );
      await check(a, 'a1-refused');
      await email.fill('jpki@city.chiyoda.example.lg.jp');
      let title = '';
      await timed('A-1 送信 → 申請の画面', async () => {
        await a.getByRole('button', { name: '依頼を送信する' }).click();
        title = await a.getByRole('heading', { level: 1, name: /JPKI-\d{4}-\d{5}/ }).innerText();
      });
      const receptionNumber = /JPKI-\d{4}-\d{5}/.exec(title)![0];
      await a.getByText('貸出はまだありません。').waitFor();
      await a.getByText('許可はまだありません。').waitFor();
      await check(a, 'a1-applicant-case-requested');

      // J-LIS's desk finds it by 受付番号 in the queue and qualifies it.
      await o.getByRole('navigation').getByRole('link', { name: '作業一覧' }).click();
      await o.getByLabel('受付番号・団体名・コード').fill(receptionNumber);
      await o.getByRole('button', { name: '絞り込む' }).click();
      await o
        .getByRole('link', { name: receptionNumber })
        .click({ timeout: 20_000 })
        .catch(async () => {
          // The queue reads intake's list, which follows the request within moments: search again.
          await o.getByRole('button', { name: '絞り込む' }).click();
          await o.getByRole('link', { name: receptionNumber }).click();
        });
      await check(o, 'a2-operator-queue-case');
      await o.getByLabel('適格', { exact: true }).check();
      await o.getByRole('button', { name: '判断を登録する' }).click();
      await until(o, stepRow('A-2'), '完了');
      await check(o, 'a2-operator-case-qualified');

      // The local government names its contractor by 法人番号 (intake learns of a new contractor a moment later).
      await refresh(a);
      await a.getByLabel('システム事業者の法人番号(13桁)').fill('7000012050002');
      await pressUntilAccepted(a, 'section:has(#contractor-title)', 'システム事業者を指定する', '株式会社テスト受託');

      // A-03-1 with its file, returned by J-LIS with a reason on the field `items`, corrected and accepted.
      await a.getByRole('heading', { name: '書類の提出' }).waitFor();
      const [download] = await Promise.all([
        a.waitForEvent('download'),
        a.getByRole('button', { name: 'A-03-1 のひな形(第1版)をダウンロード' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('a-03-1-template.pdf');
      const items = a.getByRole('group', { name: '提供を受ける仕様書等' }).getByRole('checkbox');
      await items.first().check();
      await a.getByLabel('ファイル(PDF)').setInputFiles(pdf('a-03-1.pdf'));
      await a.getByRole('button', { name: '提出する' }).click();
      await until(a, SUBMISSIONS, /\t審査待ち\t/);
      await check(a, 'a3-applicant-submitted');

      await refresh(o);
      const frame = o.locator('.preview iframe');
      await timed('審査を開く → PDF の表示枠', async () => {
        await o.getByRole('button', { name: 'A-03-1 を審査する' }).click();
        await frame.waitFor();
      });
      expect(await frame.getAttribute('src')).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
      await check(o, 'a3-operator-review');
      await o.getByLabel('差し戻す').check();
      await o.getByLabel('項目(理由 1)').selectOption('items');
      await o.getByLabel('理由 1', { exact: true }).fill('プロフィール技術仕様書も必要です');
      await timed('差戻しの登録 → 一覧に差戻し', async () => {
        await o.getByRole('button', { name: '審査結果を登録する' }).click();
        await until(o, SUBMISSIONS, /\t差戻し\t/);
      });

      await until(a, SUBMISSIONS, '仕様書等: プロフィール技術仕様書も必要です');
      const group = a.getByRole('group', { name: '提供を受ける仕様書等' });
      expect(await group.innerText()).toContain('プロフィール技術仕様書も必要です');
      await check(a, 'a3-applicant-returned');
      for (const box of await items.all()) await box.check();
      await a.getByLabel('ファイル(PDF)').setInputFiles(pdf('a-03-1.pdf'));
      await a.getByRole('button', { name: '提出する' }).click();
      await until(a, SUBMISSIONS, /2\s*審査待ち/);
      await accept('A-03-1');
      await check(o, 'a3-operator-accepted');

      // A-03-2 (the specs passed on to the contractor the case names), A-03-3 and A-03-4: are done.
      await submit('A-03-2', async () => {
        for (const box of await items.all()) await box.check();
      });
      await accept('A-03-2');

      // R4: before the NDA the contractor sees that the case names it, and that the rest waits for the NDA.
      await v.getByRole('navigation').getByRole('link', { name: '担当案件' }).click();
      await v.getByRole('heading', { name: '担当している申請' }).waitFor();
      // The list follows intake's record of the contractor named a moment ago: open the list again until it shows.
      for (
        let attempt = 0;
        attempt < 20 && !(await v.getByRole('link', { name: receptionNumber }).count());
        attempt++
      ) {
        await v.waitForTimeout(500);
        await v.getByRole('navigation').getByRole('link', { name: '接続の登録' }).click();
        await v.getByRole('navigation').getByRole('link', { name: '担当案件' }).click();
        await v
          .getByText('読み込み中…')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
      }
      await check(v, 'a3-contractor-cases');
      await v.getByRole('link', { name: receptionNumber }).click();
      await v.getByText('秘密保持契約の確認が済むまで表示できません。').first().waitFor();
      await check(v, 'a3-contractor-case-before-nda');
      // The local government records the NDA with its signed file and the specs it passed on to the contractor.
      await refresh(a);
      await a.getByLabel('署名済みの秘密保持契約書(PDF)').setInputFiles(pdf('nda.pdf'));
      await a.getByRole('button', { name: '秘密保持契約を登録する' }).click();
      await a.getByText(/秘密保持契約: \d{4}-\d{2}-\d{2} 締結/).waitFor();
      const disclosed = a.getByRole('group', { name: '開示した仕様書等' }).getByRole('checkbox');
      await disclosed.first().check();
      await a.getByRole('button', { name: '開示を記録する' }).click();
      await until(a, 'section:has(#disclosures-title)', /\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}: /);
      await check(a, 'a3-applicant-nda-disclosure');
      for (const form of ['A-03-3', 'A-03-4']) {
        await submit(form);
        await accept(form);
      }
      await until(a, stepRow('A-4'), '完了');

      // J-LIS records the specifications sent by e-mail; the local government records their receipt.
      await refresh(o);
      const specs = o.getByRole('group', { name: '送付した仕様書等' }).getByRole('checkbox');
      for (const box of await specs.all()) await box.check();
      await pressUntilAccepted(o, 'section:has(#deliveries-title)', '送付を記録する', '受領待ち');
      await refresh(a);
      await a.getByRole('button', { name: '受領を記録する' }).click();
      await until(a, 'section:has(#deliveries-title)', /\d{4}-\d{2}-\d{2} 受領/);
      await check(a, 'a5-applicant-specs-received');

      // J-LIS puts test cards into stock; the local government asks for one, J-LIS accepts and ships it,
      // and the local government says who keeps it.
      await o.getByRole('navigation').getByRole('link', { name: '試験用カード' }).click();
      await o.getByLabel('シリアル番号(1行に1枚)').fill('TEST-0001\nTEST-0002');
      await o.getByRole('button', { name: '在庫に登録する' }).click();
      await o.getByText('2 枚を在庫に登録しました。').waitFor();
      await check(o, 'a6-operator-card-stock');
      await o.goBack();
      await submit('A-06', async () => {
        await a.getByLabel('枚数').fill('1');
      });
      await accept('A-06');
      await until(o, LOANS, '割当済み');
      await o.getByLabel('運送会社').fill('ゆうパック');
      await o.getByLabel('追跡番号').fill('1234-5678-9012');
      await o.getByRole('button', { name: '発送を記録する' }).click();
      await until(o, LOANS, '発送済み');
      await check(o, 'a6-operator-loan-shipped');
      await until(a, LOANS, '発送済み');
      await a.getByRole('button', { name: '保管者を記録する' }).click();
      await until(a, LOANS, '団体で保管');

      // J-LIS records the agreement; questions are asked and answered (質疑応答).
      await refresh(o);
      await o.getByRole('button', { name: '協定を記録する' }).click();
      await until(o, 'section:has(#agreement-title)', /第1版: \d{4}-\d{2}-\d{2} 締結/);
      await check(o, 'a7-operator-agreement');
      await until(a, stepRow('A-7'), /対応中|完了/);
      await a.getByLabel('件名').fill('テスト環境の接続時間について');
      await a.getByLabel('質問の内容').fill('テスト環境は土日も接続できますか。');
      await a.getByRole('button', { name: '質問を送る' }).click();
      await until(a, 'section:has(#questions-title)', /Q-\d+ テスト環境の接続時間について/);
      await until(o, 'section:has(#questions-title)', '未回答');
      await o.getByLabel('回答').fill('平日の 9 時から 17 時までです。');
      await o.getByRole('button', { name: '回答する' }).click();
      await until(o, 'section:has(#questions-title)', '回答済み');
      await until(a, 'section:has(#questions-title)', '平日の 9 時から 17 時までです。');
      await check(a, 'a7-applicant-answered');

      // the local government's A-08-1 names the contractor's test connection; J-LIS accepts it.
      await submit('A-08-1', async () => {
        await a.getByLabel('接続（テスト環境').selectOption({ label: 'テスト環境 LGWAN 192.0.2.0/28' });
      });
      await check(a, 'a8-applicant-submitted');
      await accept('A-08-1');

      // J-LIS opens test access.
      await pressUntilAccepted(o, ACCESS, 'テスト環境の接続を許可する(A-9)', /テスト環境: (有効|開始予定)/);
      await check(o, 'a9-operator-test-access');

      // the local government records the end of its test; J-LIS records the card back.
      await until(a, ACCESS, 'テスト完了日');
      await a.getByLabel('結果の記録(任意)').fill('全項目正常');
      await a.getByRole('button', { name: 'テストの完了を記録する' }).click();
      await until(a, ACCESS, /テスト完了: \d{4}-\d{2}-\d{2}/);
      await refresh(o);
      await o.getByRole('button', { name: '返却を記録する' }).click();
      await until(o, LOANS, '完了');
      await check(o, 'a10-operator-cards-returned');

      // the papers for production (A-11-2 with the official seal checked by J-LIS).
      await submit('A-11-1');
      await accept('A-11-1');
      await submit('A-11-2', async () => {
        await a.getByLabel('接続（本番環境').selectOption({ label: '本番環境 LGWAN 198.51.100.0/28' });
      });
      await check(a, 'a11-applicant-a11-2');
      await accept('A-11-2', () => o.getByLabel('役職印を確認した').check());
      await submit('URL', () => a.getByLabel('公開する URL').fill('https://www.city.chiyoda.example.lg.jp/jpki/'));
      await accept('URL');
      await submit('A-11-3', async () => {
        await a.getByLabel('連絡先の氏名').fill('山田 太郎');
        await a.getByLabel('連絡先の部署').fill('政策経営部情報政策課');
        await a.getByLabel('連絡先の電話番号').fill('03-3264-2111');
        await a.getByLabel('連絡先のメールアドレス').fill('jpki@city.chiyoda.example.lg.jp');
      });
      await accept('A-11-3');

      // one operator proposes production access, a second approves it in the approvals inbox.
      await pressUntilAccepted(o, ACCESS, '本番環境の接続を起案する(A-12)', 'さんが起案、承認待ち');
      await check(o, 'a12-operator-proposed');
      await signIn(o2, suite.baseUrl, { role: 'J-LIS 担当者', name: '承認 花子', sub: 'operator-approver' });
      await o2.getByRole('navigation').getByRole('link', { name: '承認待ち' }).click();
      await o2.getByRole('button', { name: '承認する' }).waitFor();
      expect(await o2.locator('main').innerText()).toContain('本番接続の承認');
      await check(o2, 'a12-approver-inbox');
      await timed('承認 → 一覧から消える', async () => {
        await o2.getByRole('button', { name: '承認する' }).click();
        await o2.getByText('承認を待っている判断はありません。').waitFor();
      });

      // The local government sees production access and downloads its approved A-11-2.
      await until(a, ACCESS, /本番環境: (有効|開始予定).*承認番号/);
      const [approval] = await Promise.all([
        a.waitForEvent('download', { timeout: 30_000 }),
        a.getByRole('button', { name: '承認済みの A-11-2(申請書兼承認書)をダウンロード' }).click(),
      ]);
      expect(approval.suggestedFilename()).toMatch(/^A-11-2-.+\.pdf$/);
      const saved = await approval.path();
      expect(readFileSync(saved).subarray(0, 5).toString()).toBe('%PDF-');
      await until(a, stepRow('A-12'), '完了');
      const steps = await a.locator('table:has(caption:text-is("手順の状況")) tbody').innerText();
      expect(steps.split('\n').filter((row) => !/\t(完了|不要)\t/.test(row))).toEqual([]);
      await check(a, 'a12-applicant-live');

      // The operator's other screens, each checked by axe.
      for (const [link, heading, name] of [
        ['承認待ち', '承認待ち', 'operator-approvals'],
        ['接続許可リスト', '接続許可リスト', 'operator-allowlist'],
        ['メール送信記録', 'メール送信記録', 'operator-mail'],
        ['処理できなかったイベント', '処理できなかったイベント', 'operator-dead-letters'],
      ]) {
        await timed(`${link}を開く`, async () => {
          await o.getByRole('navigation').getByRole('link', { name: link }).click();
          await o.getByRole('heading', { level: 1, name: heading }).waitFor();
          await o.getByText('読み込み中…').first().waitFor({ state: 'detached' });
        });
        await check(o, name);
      }
      expect(await o.locator('main').innerText()).not.toContain('読み込み中');

      // The contractor, under its NDA now, sees the case's papers.
      await v.getByRole('navigation').getByRole('link', { name: '担当案件' }).click();
      await v.getByRole('link', { name: receptionNumber }).click();
      await v.locator(SUBMISSIONS).waitFor();
      expect(await v.getByText('秘密保持契約の確認が済むまで表示できません。').count()).toBe(0);
      await check(v, 'contractor-case');

      expect(violations).toEqual([]);
      expect(pageErrors.flat()).toEqual([]);
    }
  }, 600_000);
});

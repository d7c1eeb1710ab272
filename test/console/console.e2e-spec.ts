import { eventually } from '@jlis/testing';
import type { Browser, Page } from 'playwright-core';
import { TestSuite } from '../suite';
import { mkdirSync, writeFileSync } from 'node:fs';
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

  it('walks a case from A-1 through a returned and accepted submission to A-3, A-4 and a question answered (A-7)', async () => {
    const applicant = await person(browser);
    const operator = await person(browser);
    pageErrors.push(applicant.errors, operator.errors);
    const a = applicant.page;
    const PDF = await onePagePdf('A-03-1 Technical specification disclosure request');
    // J-LIS's template of A-03-1 (the console has no screen for uploading templates yet).
    const template = new FormData();
    template.set('file', new Blob([PDF], { type: 'application/pdf' }), 'a-03-1-template.pdf');
    const uploaded = await suite.http('POST', '/api/v1/forms/A-03-1/templates', {
      token: await suite.token({ role: 'operator' }),
      form: template,
    });
    expect(uploaded.status).toBe(201);
    const o = operator.page;

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
    await check(a, 'applicant-case-requested');

    // J-LIS's desk finds it by 受付番号 in the queue and qualifies it.
    await signIn(o, suite.baseUrl, { role: 'J-LIS 担当者', name: '審査 一郎' });
    await o.getByRole('heading', { name: '作業一覧' }).waitFor();
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
    await check(o, 'operator-queue-case');
    await o.getByLabel('適格', { exact: true }).check();
    await o.getByRole('button', { name: '判断を登録する' }).click();
    await until(o, stepRow('A-2'), '完了');
    await check(o, 'operator-case-qualified');

    // The local government submits A-03-1 with its file.
    await refresh(a);
    await a.getByRole('heading', { name: '書類の提出' }).waitFor();
    const [download] = await Promise.all([
      a.waitForEvent('download'),
      a.getByRole('button', { name: 'A-03-1 のひな形(第1版)をダウンロード' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('a-03-1-template.pdf');
    const items = a.getByRole('group', { name: '提供を受ける仕様書等' }).getByRole('checkbox');
    await items.first().check();
    await a.getByLabel('ファイル(PDF)').setInputFiles({ name: 'a-03-1.pdf', mimeType: 'application/pdf', buffer: PDF });
    await a.getByRole('button', { name: '提出する' }).click();
    await until(a, 'table:has(caption:text-is("提出書類"))', /\t審査待ち\t/);
    await check(a, 'applicant-submitted');

    // J-LIS previews the PDF (a blob: URL in a frame) and returns it with a reason on the field `items`.
    await refresh(o);
    const frame = o.locator('.preview iframe');
    await timed('審査を開く → PDF の表示枠', async () => {
      await o.getByRole('button', { name: 'A-03-1 を審査する' }).click();
      await frame.waitFor();
    });
    expect(await frame.getAttribute('src')).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    await check(o, 'operator-review');
    await o.getByLabel('差し戻す').check();
    await o.getByLabel('項目(理由 1)').selectOption('items');
    await o.getByLabel('理由 1', { exact: true }).fill('プロフィール技術仕様書も必要です');
    await timed('差戻しの登録 → 一覧に差戻し', async () => {
      await o.getByRole('button', { name: '審査結果を登録する' }).click();
      await until(o, 'table:has(caption:text-is("提出書類"))', /\t差戻し\t/);
    });

    // The local government sees the reason in the list and by the field, and submits again.
    await until(a, 'table:has(caption:text-is("提出書類"))', 'items: プロフィール技術仕様書も必要です');
    const group = a.getByRole('group', { name: '提供を受ける仕様書等' });
    expect(await group.innerText()).toContain('プロフィール技術仕様書も必要です');
    await check(a, 'applicant-returned');
    for (const box of await items.all()) await box.check();
    await a.getByLabel('ファイル(PDF)').setInputFiles({ name: 'a-03-1.pdf', mimeType: 'application/pdf', buffer: PDF });
    await a.getByRole('button', { name: '提出する' }).click();
    await until(a, 'table:has(caption:text-is("提出書類"))', /2\s*審査待ち/);

    // J-LIS accepts round 2.
    await refresh(o);
    await o.getByRole('button', { name: 'A-03-1 を審査する' }).click();
    await o.getByLabel('受理する').check();
    await o.getByRole('button', { name: '審査結果を登録する' }).click();
    await until(o, 'table:has(caption:text-is("提出書類"))', /\t受理\t/);
    await check(o, 'operator-accepted');

    // A-03-3 and A-03-4 (no contractor is named, so no A-03-2), both accepted: are done and A-7 opens.
    for (const form of ['A-03-3', 'A-03-4']) {
      await a.getByLabel('様式').selectOption(form);
      await a
        .getByLabel('ファイル(PDF)')
        .setInputFiles({ name: `${form}.pdf`, mimeType: 'application/pdf', buffer: PDF });
      await a.getByRole('button', { name: '提出する' }).click();
      await until(a, 'table:has(caption:text-is("提出書類"))', new RegExp(`${form}\\t1\\t審査待ち`));
      await refresh(o);
      await o.getByRole('button', { name: `${form} を審査する` }).click();
      await o.getByLabel('受理する').check();
      await o.getByRole('button', { name: '審査結果を登録する' }).click();
      await until(o, 'table:has(caption:text-is("提出書類"))', new RegExp(`${form}\\t1\\t受理`));
    }
    await until(a, stepRow('A-7'), '対応中');

    // 質疑応答: the local government asks, J-LIS answers.
    await a.getByLabel('件名').fill('テスト環境の接続時間について');
    await a.getByLabel('質問の内容').fill('テスト環境は土日も接続できますか。');
    await a.getByRole('button', { name: '質問を送る' }).click();
    await until(a, 'section:has(#questions-title)', /Q-\d+ テスト環境の接続時間について/);
    await check(a, 'applicant-question');
    await until(o, 'section:has(#questions-title)', '未回答');
    await o.getByLabel('回答').fill('平日の 9 時から 17 時までです。');
    await o.getByRole('button', { name: '回答する' }).click();
    await until(o, 'section:has(#questions-title)', '回答済み');
    await until(a, 'section:has(#questions-title)', '平日の 9 時から 17 時までです。');
    await check(o, 'operator-answered');

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

    // The contractor the case names sees it among its cases; what only the NDA covers says so.
    const operatorToken = await suite.token({ role: 'operator' });
    const contractor = await suite.http('POST', '/api/v1/contractors', {
      token: operatorToken,
      body: { name: '株式会社テスト受託', corporateNumber: '7000012050002', email: 'jpki@contractor.example.jp' },
    });
    expect(contractor.status).toBe(201);
    const cases = await suite.http('GET', `/api/v1/applications?q=${receptionNumber}`, { token: operatorToken });
    // Intake learns of the new contractor from access's event a moment later (422 until then).
    const named = await eventually(async () => {
      const answer = await suite.http('PUT', `/api/v1/applications/${cases.body.items[0].id}/contractor`, {
        token: operatorToken,
        body: { contractorId: contractor.body.id },
      });
      return answer.status === 422 ? undefined : answer;
    }, 20_000);
    expect(`${named.status} ${named.body?.code ?? ''}`).toBe('200 ');
    const vendor = await person(browser);
    pageErrors.push(vendor.errors);
    const v = vendor.page;
    await signIn(v, suite.baseUrl, { role: 'システム事業者', contractor: contractor.body.id, name: '受託 三郎' });
    await v.getByRole('heading', { name: '担当している申請' }).waitFor();
    for (let attempt = 0; attempt < 20 && !(await v.getByRole('link', { name: receptionNumber }).count()); attempt++) {
      await v.waitForTimeout(500);
      await v.reload();
      await signIn(v, suite.baseUrl, { role: 'システム事業者', contractor: contractor.body.id, name: '受託 三郎' });
    }
    await check(v, 'contractor-cases');
    await v.getByRole('link', { name: receptionNumber }).click();
    await v.getByText('秘密保持契約の確認が済むまで表示できません。').first().waitFor();
    await check(v, 'contractor-case');

    expect(violations).toEqual([]);
    expect(pageErrors.flat()).toEqual([]);
  }, 300_000);
});

import axe from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/lib/system-deps.js installs it); playwright-core downloads no browser. */
export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.join(__dirname, '../..');
export const CONSOLE_DIST = path.join(ROOT, 'apps/console/dist/index.html');
/** Screenshots of each step, kept as test artifacts (ignored by git). */
export const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS_DIR ?? path.join(ROOT, '.data/console-screenshots');

export function launch(): Promise<Browser> {
  if (!existsSync(CONSOLE_DIST)) {
    throw new Error('The console is not built: run `npx nx build console` (the e2e target builds it first).');
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A person at a 1366×768 screen, with every CSP violation and page error of the console collected: the policy is
 * enforced (never bypassed), so a script or style it would block shows up here.
 */
export async function person(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP' });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** axe-core on the page as it is now: the serious and critical violations, as "rule: target" lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected <script> would be).
  await page.evaluate(axe.source);
  // An expression of the page's own globals (the test's tsconfig has no DOM types).
  const result = await page.evaluate<axe.AxeResults>("window.axe.run(document, { resultTypes: ['violations'] })");
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

const shots = new Map<string, number>();
/** `<SCREENSHOTS>/<series>/NN-<name>.png`, numbered in the order taken. */
export async function screenshot(page: Page, name: string, series = 'walk'): Promise<void> {
  const dir = path.join(SCREENSHOTS, series);
  mkdirSync(dir, { recursive: true });
  const shot = (shots.get(series) ?? 0) + 1;
  shots.set(series, shot);
  await page.screenshot({ path: path.join(dir, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** Signs in on the development sign-in page, as a person would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  who: {
    role: '地方公共団体' | 'J-LIS 担当者' | 'システム事業者';
    org?: string;
    contractor?: string;
    name: string;
    /** A login id of its own: a second operator approving what the first proposed. */
    sub?: string;
  },
): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole('heading', { name: 'サインイン(開発環境)' }).waitFor();
  await page.getByLabel(who.role, { exact: true }).check();
  if (who.org) await page.getByLabel('団体コード(6桁)').fill(who.org);
  if (who.contractor) await page.getByLabel('事業者ID').fill(who.contractor);
  await page.getByLabel('氏名', { exact: true }).fill(who.name);
  if (who.sub) await page.getByLabel('ログインID(省略可)').fill(who.sub);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await page.getByRole('button', { name: 'サインアウト' }).waitFor();
}

/** A one-page PDF, so that the preview shows a page (the walk's smallest PDF has none). */
export function onePagePdf(title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(24).text(title, 72, 72);
    doc.end();
  });
}

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exportedMetricNames, metricNamesIn } from './exported-metrics';

/**
 * The alert rules: valid for Prometheus (`promtool check rules`), doing what their unit tests say (`promtool test
 * rules` on alerts.test.yml: each alert fires on the series it is for, after its `for`, and not before), and written
 * against metrics the services really export, each pointing to a section of docs/operations.md that exists.
 * promtool comes with Debian's prometheus package (scripts/lib/system-deps.js installs it).
 */
const DIR = __dirname;
const ROOT = join(DIR, '..', '..');
const PROMTOOL = process.env.PROMTOOL_BIN ?? 'promtool';

function promtool(...args: string[]) {
  const run = spawnSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL} not found: install Debian's prometheus package (${run.error.message}).`);
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const groups: { name: string; rules: Rule[] }[] = parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')).groups;
const alerts = groups.flatMap((g) => g.rules).filter((r) => r.alert);

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const { code, out } = promtool('check', 'rules', 'alerts.yml');
    expect(out).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(code).toBe(0);
  });

  it('pass their unit tests (promtool test rules), and every alert has one', () => {
    const { code, out } = promtool('test', 'rules', 'alerts.test.yml');
    expect(out).toContain('SUCCESS');
    expect(code).toBe(0);
    const tested = readFileSync(join(DIR, 'alerts.test.yml'), 'utf8');
    for (const { alert } of alerts) expect(tested).toContain(`alertname: ${alert}\n`);
  });

  it('cover what issue 12 asks for: outbox, dead letters, consumer lag, mails failing, a service down', () => {
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'JlisOutboxStuck',
        'JlisDeadLetters',
        'JlisConsumerLagGrowing',
        'JlisMailsFailing',
        'JlisInstanceDown',
        'JlisServiceMissing',
      ]),
    );
    expect(alerts.find((a) => a.alert === 'JlisOutboxStuck')!.expr).toMatch(/> 60\b/);
  });

  it('name only metrics the services export', () => {
    const exported = exportedMetricNames();
    for (const rule of alerts) {
      const names = metricNamesIn(rule.expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names)
        if (name !== 'up')
          expect({ alert: rule.alert, name, known: exported.has(name) }).toEqual({
            alert: rule.alert,
            name,
            known: true,
          });
    }
  });

  it('each carry a severity, a summary and a runbook section of docs/operations.md that exists', () => {
    const operations = readFileSync(join(ROOT, 'docs', 'operations.md'), 'utf8');
    const anchors = new Set(
      [...operations.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const rule of alerts) {
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      const [file, anchor] = (rule.annotations?.runbook ?? '').split('#');
      expect({ alert: rule.alert, file }).toEqual({ alert: rule.alert, file: 'docs/operations.md' });
      expect({ alert: rule.alert, anchor, exists: anchors.has(anchor) }).toEqual({
        alert: rule.alert,
        anchor,
        exists: true,
      });
    }
    // The section on alerts names every alert, so whoever is paged finds what to do.
    const section = operations.split(/^## Alerts$/m)[1]?.split(/^## /m)[0] ?? '';
    for (const rule of alerts)
      expect({ alert: rule.alert, documented: section.includes(rule.alert!) }).toEqual({
        alert: rule.alert,
        documented: true,
      });
  });
});

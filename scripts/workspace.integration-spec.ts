import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './lib/build';

/**
 * The Nx set-up of this repository, proven on a scratch copy of the checkout: its tracked and new files (what the
 * next commit would hold, so a change to project.json or nx.json is tested before it is committed), without any
 * dist/, out-tsc/ or .nx/ — as CI's clean clone has none. node_modules is shared by a symlink. No daemon, no Nx
 * Cloud, nothing from the network.
 *
 * When a project is added, the expected sets below change with it (docs/conventions.md says so).
 */
describe('Nx workspace', () => {
  let work: string;
  let repo: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'jlis-workspace-'));
    repo = join(work, 'repo');
    copyCheckout(ROOT, repo);
    symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'scratch copy of the checkout');
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const ALL_APPS = ['access', 'cards', 'documents', 'gateway', 'intake', 'notifications'];

  it.each([
    ['a service (apps/cards)', 'apps/cards/src/cards.module.ts', ['cards', 'e2e']],
    ['a unit spec of a service', 'apps/intake/src/directory/local-government-code.spec.ts', ['e2e', 'intake']],
    // testing builds on the runtime; scripts and bench load the compiled runtime (migrate, provisioning, benchmarks);
    // deploy's tests hold the KEDA triggers to the contracts' stream name.
    [
      'libs/contracts',
      'libs/contracts/src/caller.ts',
      ['bench', 'contracts', 'deploy', 'e2e', 'runtime', 'scripts', 'testing', ...ALL_APPS],
    ],
    ['the simulation harness the fault suite runs', 'bench/lib.js', ['bench', 'e2e', 'scripts']],
    ['documentation only', 'docs/architecture.md', []],
  ])('a change to %s affects exactly the projects that use it (%s)', (_what, file, expected) => {
    commitChange(file);
    expect(affectedProjects()).toEqual([...expected].sort());
  });

  it("runs a change's own tests and the end-to-end suites, not another service's tests", () => {
    commitChange('apps/cards/src/cards.module.ts');
    const graph = join(work, 'tasks.json');
    nx(['affected', '-t', 'lint', 'test', 'build', '--base=HEAD~1', '--head=HEAD', `--graph=${graph}`]);
    const tasks = Object.keys(JSON.parse(readFileSync(graph, 'utf8')).tasks.tasks as Record<string, unknown>);
    const checked = tasks.filter((t) => /:(lint|test)$/.test(t)).sort();
    expect(checked).toEqual(['cards:lint', 'cards:test', 'e2e:lint', 'e2e:test']);
    // The end-to-end suites start every service, so every service is built for them (from the cache when unchanged).
    expect(tasks).toEqual(expect.arrayContaining(ALL_APPS.map((a) => `${a}:build`)));
    expect(tasks).not.toContain('intake:test');
  });

  it("answers an unchanged library's tests from the cache and runs them again when a spec changes", () => {
    // Jest writes its report only when it really runs; a cached answer replays the log and restores declared outputs.
    const report = join(work, 'jest-report.json');
    const testContracts = () => {
      rmSync(report, { force: true });
      const log = nx(['run', 'contracts:test', '--outputStyle=static', '--', '--json', `--outputFile=${report}`]);
      return { log, jestRan: existsSync(report) };
    };

    const first = testContracts();
    expect(first.jestRan).toBe(true);
    expect(first.log).not.toMatch(/read the output from the cache/);

    const second = testContracts();
    expect(second.jestRan).toBe(false);
    expect(second.log).toMatch(/Nx read the output from the cache instead of running the command for 3 out of 3 tasks/);
    expect(second.log).toMatch(/Tests:\s+\d+ passed/); // the replayed log of the first run

    // A spec is a test input but not a build input: the build comes from the cache, type-check and tests run.
    appendFileSync(join(repo, 'libs/contracts/src/access/corporate-number.spec.ts'), '// changed\n');
    const third = testContracts();
    expect(third.jestRan).toBe(true);
    expect(third.log).toMatch(/Nx read the output from the cache instead of running the command for 1 out of 3 tasks/);
    expect(third.log).toMatch(/nx run contracts:build\s+\[local cache\]/);
  });

  function commitChange(file: string): void {
    appendFileSync(join(repo, file), file.endsWith('.md') ? '\n<!-- changed -->\n' : '\n// changed\n');
    git('commit', '-q', '-am', `change ${file}`);
  }

  function affectedProjects(): string[] {
    const out = nx(['show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json']);
    return (JSON.parse(out.slice(out.indexOf('['))) as string[]).sort();
  }

  function git(...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=scratch', '-c', 'user.email=scratch@example.invalid', '-c', 'commit.gpgsign=false', ...args],
      { cwd: repo, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } },
    ).toString();
  }

  /** Runs Nx in the scratch copy with an environment of its own (no NX_* setting of the Nx run this test is in). */
  function nx(args: string[]): string {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('NX_') && k !== 'JEST_WORKER_ID') env[k] = v;
    Object.assign(env, { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' });
    const r = spawnSync(process.execPath, [join(repo, 'node_modules/nx/dist/bin/nx.js'), ...args], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    const log = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} exited with ${r.status}:\n${log}`);
    return log;
  }
});

/** Copies what `git add -A` would commit in `from` (tracked and untracked files, minus ignored ones) to `to`. */
function copyCheckout(from: string, to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: from })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(from, file))) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
}

describe('CODEOWNERS', () => {
  it('names an owning team for every app and library', () => {
    const owners = readFileSync(join(ROOT, 'CODEOWNERS'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    const projects = ['apps', 'libs'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(ROOT, dir, d.name, 'project.json')))
        .map((d) => `/${dir}/${d.name}/`),
    );
    const unowned = projects.filter((p) => !owners.some(([path, ...teams]) => path === p && teams.length > 0));
    expect(unowned).toEqual([]);
    for (const [, ...teams] of owners) for (const team of teams) expect(team).toMatch(/^@[\w-]+\/[\w-]+$/);
  });
});

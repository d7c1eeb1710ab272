import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Copy, DockerfileParser, Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { render, Workload, workloads } from './k8s/rendered';

/**
 * No Docker engine runs here, so the image cannot be built in a test. What can be checked is its description: a
 * linted Dockerfile whose final stage ships production dependencies only, runs as the unprivileged user the
 * manifests expect, has the Japanese font, and holds every file the manifests start.
 */
const ROOT = join(__dirname, '..');
const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);

/** The instructions of each stage, by stage name ("final" for the last). */
function stages(): Map<string, Instruction[]> {
  const result = new Map<string, Instruction[]>();
  const froms = dockerfile.getFROMs();
  froms.forEach((from, i) => {
    const start = from.getRange().start.line;
    const end = froms[i + 1]?.getRange().start.line ?? Infinity;
    const name = i === froms.length - 1 ? 'final' : (from.getBuildStage() ?? String(i));
    result.set(
      name,
      dockerfile.getInstructions().filter((ins) => {
        const line = ins.getRange().start.line;
        return line > start && line < end;
      }),
    );
  });
  return result;
}

const of = (instructions: Instruction[], keyword: string) => instructions.filter((i) => i.getKeyword() === keyword);
const args = (i: Instruction) => i.getArgumentsContent() ?? '';
const final = stages().get('final')!;

describe('Dockerfile', () => {
  it('passes the Dockerfile linter without a remark', () => {
    expect(validate(text)).toEqual([]);
  });

  it('builds every stage from one pinned Node 20 image on Debian', () => {
    const base = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];
    expect(base).toMatch(/^node:20\.\d+-bookworm-slim$/);
    expect(dockerfile.getFROMs().map((f) => f.getArgumentsContent()?.split(' ')[0])).toEqual(
      dockerfile.getFROMs().map(() => '${NODE_IMAGE}'),
    );
  });

  it('runs the final stage as the non-root user the manifests name', () => {
    const users = of(final, 'USER').map(args);
    expect(users.length).toBeGreaterThan(0);
    const [uid, gid] = users[users.length - 1].split(':').map(Number);
    expect(uid).toBeGreaterThan(0);
    expect(gid).toBeGreaterThan(0);
    for (const overlay of ['development', 'production'] as const) {
      for (const w of workloads(render(overlay)))
        expect({ workload: w.metadata.name, uid: w.spec.template.spec.securityContext?.runAsUser }).toEqual({
          workload: w.metadata.name,
          uid,
        });
    }
  });

  it('compiles the apps with the workspace’s own build target', () => {
    const build = of(stages().get('build') ?? [], 'RUN').map(args);
    expect(build.some((run) => /\bnx run-many -t build --projects=tag:type:app\b/.test(run))).toBe(true);
  });

  it('ships production dependencies only: installed with --omit=dev, never the build stage’s node_modules', () => {
    expect(of(final, 'RUN').map(args).join('\n')).not.toMatch(/\bnpm (ci|install|i)\b/);
    expect(of(final, 'COPY').map(args)).not.toContain('. .');
    const copies = of(final, 'COPY') as Copy[];
    const modules = copies.filter((c) => /node_modules/.test(args(c)));
    expect(modules).toHaveLength(1);
    const from = modules[0].getFromFlag()?.getValue();
    expect(from).toBeDefined();
    const install = of(stages().get(from!) ?? [], 'RUN').map(args);
    expect(install.some((run) => /\bnpm ci\b/.test(run) && /--omit=dev\b/.test(run))).toBe(true);
    expect(of(final, 'ENV').map(args)).toContain('NODE_ENV=production');
  });

  it('installs the Japanese font for PDFs without recommended extras, and no package lists stay behind', () => {
    const apt = of(final, 'RUN')
      .map(args)
      .find((run) => run.includes('apt-get install'));
    expect(apt).toMatch(/apt-get install -y --no-install-recommends fonts-ipaexfont-gothic/);
    expect(apt).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
  });

  it('holds every file the Kubernetes workloads start, and the reference data', () => {
    const destinations = of(final, 'COPY').map((c) => posix.normalize(args(c).split(/\s+/).pop()!));
    const present = (path: string) =>
      destinations.some((dest) => posix.normalize(path) === dest || posix.normalize(path).startsWith(`${dest}/`));
    const started = new Set(
      workloads(render('production')).map((w: Workload) => w.spec.template.spec.containers[0].command![1]),
    );
    expect(started.size).toBeGreaterThan(1);
    for (const path of [...started, 'apps/intake/data/local-governments.csv'])
      expect({ path, present: present(path) }).toEqual({ path, present: true });
  });

  it('keeps the host’s node_modules, builds and data out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '**/dist', '.data', '.git']));
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, configMapHash, KustomizeError } from './kustomize';

/**
 * The renderer against what `kubectl kustomize` (kustomize v5.5.0) printed for the same input on a machine that had
 * it; the expected values below are copied from those runs.
 */
describe('kustomize renderer', () => {
  let dir: string;
  const write = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kustomize-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  template:
    spec:
      tolerations: [{ key: dedicated, operator: Exists }]
      containers:
        - name: c
          image: app
          envFrom: [{ configMapRef: { name: settings } }]
          env: [{ name: A, value: a }, { name: B, value: b }, { name: C, value: c }]
`;

  it('names generated ConfigMaps with kustomize’s content hash', () => {
    expect(configMapHash({ PORT: '3000', RATE_LIMIT_PER_MINUTE: '600' })).toBe('8f4fhc8d2t');
    // Go's JSON escapes <, > and &; Japanese stays as UTF-8.
    expect(configMapHash({ SMTP_FROM: 'JPKI手続システム <noreply@example.jp>', QUERY: 'a&b' })).toBe('m7tfb759fh');
  });

  it('merges an overlay’s literals into the base’s ConfigMap and renames the references to it', () => {
    write({
      'base/kustomization.yaml':
        'resources: [d.yaml]\nconfigMapGenerator:\n  - name: settings\n    literals: [A=1, B=2]\n',
      'base/d.yaml': deployment,
      'overlay/kustomization.yaml':
        'bases: [../base]\nnamespace: ns\nconfigMapGenerator:\n  - name: settings\n    behavior: merge\n    literals: ["B=\'3\'"]\n',
    });
    const [map, d] = build(join(dir, 'overlay')) as [any, any];
    expect(map.data).toEqual({ A: '1', B: '3' });
    expect(map.metadata).toEqual({ name: 'settings-2cfbcb2mhm', namespace: 'ns' });
    expect(d.metadata.namespace).toBe('ns');
    expect(d.spec.template.spec.containers[0].envFrom[0].configMapRef.name).toBe(map.metadata.name);
  });

  it('merges lists by their key the way kustomize orders them: the patch’s items first', () => {
    write({
      'kustomization.yaml': 'resources: [d.yaml]\npatchesStrategicMerge: [p.yaml]\n',
      'd.yaml': deployment,
      'p.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: x }
spec:
  template:
    spec:
      containers:
        - name: c
          env: [{ name: X, value: x }, { name: B, value: b2 }]
`,
    });
    const [d] = build(dir) as any[];
    expect(d.spec.template.spec.containers[0].env).toEqual([
      { name: 'X', value: 'x' },
      { name: 'B', value: 'b2' },
      { name: 'A', value: 'a' },
      { name: 'C', value: 'c' },
    ]);
    expect(d.spec.template.spec.containers[0].image).toBe('app');
  });

  it('sets image names, tags and digests', () => {
    write({
      'kustomization.yaml':
        'resources: [d.yaml]\nimages:\n  - name: app\n    newName: registry.example.jp/app\n    newTag: "1.2"\n',
      'd.yaml': deployment,
    });
    expect((build(dir)[0] as any).spec.template.spec.containers[0].image).toBe('registry.example.jp/app:1.2');
    write({ 'kustomization.yaml': 'resources: [d.yaml]\nimages:\n  - name: app\n    digest: sha256:abc\n' });
    expect((build(dir)[0] as any).spec.template.spec.containers[0].image).toBe('app@sha256:abc');
  });

  it.each([
    ['a field outside the v2.0.3 subset', 'resources: [d.yaml]\ncommonLabels: { a: b }\n', /commonLabels outside/],
    ['a file above the kustomization', 'resources: [../d.yaml]\n', /not in or below/],
    ['a directory among resources', 'resources: [sub]\n', /takes directories only in bases/],
    ['a patch directive', 'resources: [d.yaml]\npatchesStrategicMerge: [delete.yaml]\n', /directive \$patch/],
    ['a patch of nothing', 'resources: [d.yaml]\npatchesStrategicMerge: [other.yaml]\n', /no apps\/Deployment\/y/],
    ['an object defined twice', 'resources: [d.yaml, d.yaml]\n', /defined twice/],
    ['a list it cannot merge', 'resources: [d.yaml]\npatchesStrategicMerge: [tolerations.yaml]\n', /does not know/],
  ])('refuses %s', (_what, kustomization, error) => {
    write({
      'kustomization.yaml': kustomization,
      'd.yaml': deployment,
      'sub/kustomization.yaml': 'resources: []\n',
      'delete.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\n$patch: delete\n',
      'other.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: y }\n',
      'tolerations.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec:\n  template:\n    spec:\n      tolerations: [{ key: k }]\n',
    });
    expect(() => build(dir)).toThrow(KustomizeError);
    expect(() => build(dir)).toThrow(error);
  });
});

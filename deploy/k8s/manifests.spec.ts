import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { EVENTS_STREAM } from '@jlis/contracts';
import type { K8sObject } from '../kustomize';
import {
  bytes,
  configMap,
  Container,
  find,
  get,
  OVERLAYS,
  Overlay,
  render,
  SERVICES,
  Workload,
  workloads,
} from './rendered';
import { schemaErrors, unknownFields } from './schemas';

const rendered: Record<Overlay, K8sObject[]> = { development: render('development'), production: render('production') };
const IMAGE = { development: 'jlis-suite', production: 'registry.example.jp/jlis/jlis-suite' };

type ScaledObject = K8sObject & {
  spec: { minReplicaCount: number; triggers: { type: string; metadata: Record<string, string> }[] };
};

function container(w: Workload): Container {
  expect(w.spec.template.spec.containers).toHaveLength(1);
  return w.spec.template.spec.containers[0];
}

function env(c: Container, name: string) {
  return c.env?.find((e) => e.name === name);
}

describe('Kubernetes manifests', () => {
  describe.each(OVERLAYS)('the %s overlay', (overlay) => {
    const objects = rendered[overlay];

    it('validates every object against the Kubernetes and KEDA schemas', () => {
      expect(objects.length).toBeGreaterThan(30);
      expect(objects.map(schemaErrors).filter(Boolean)).toEqual([]);
    });

    it('uses no field the Kubernetes or KEDA API does not know', () => {
      expect(unknownFields(objects)).toEqual([]);
    });

    it.each(SERVICES)('gives $name a Deployment, a Service and a PodDisruptionBudget over the same pods', (service) => {
      const deployment = get<Workload>(objects, 'Deployment', service.name);
      const labels = deployment.spec.template.metadata.labels;
      const selects = (selector: Record<string, string>) =>
        Object.entries(selector).every(([key, value]) => labels[key] === value);
      expect(deployment.spec.selector?.matchLabels).toEqual({
        'app.kubernetes.io/name': service.name,
        'app.kubernetes.io/part-of': 'jlis-onboarding',
      });
      const svc = get<K8sObject & { spec: { selector: Record<string, string>; ports: unknown[] } }>(
        objects,
        'Service',
        service.name,
      );
      expect(selects(svc.spec.selector)).toBe(true);
      expect(svc.spec.ports).toContainEqual(expect.objectContaining({ name: 'metrics', port: service.metricsPort }));
      const pdb = get<
        K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable?: number } }
      >(objects, 'PodDisruptionBudget', service.name);
      expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
      expect(pdb.spec.maxUnavailable).toBe(1);
    });

    it.each(SERVICES)('probes $name on its metrics port: live, ready and started', (service) => {
      const c = container(get<Workload>(objects, 'Deployment', service.name));
      expect(c.ports).toContainEqual({ name: 'metrics', containerPort: service.metricsPort, protocol: 'TCP' });
      expect(env(c, 'METRICS_PORT')?.value).toBe(String(service.metricsPort));
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'metrics' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'metrics' });
      expect(c.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'metrics' });
    });

    it.each(SERVICES)('gives $name requests and limits, and a Node heap below the memory limit', (service) => {
      const c = container(get<Workload>(objects, 'Deployment', service.name));
      const { requests = {}, limits = {} } = c.resources ?? {};
      expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(limits).sort()).toEqual(['cpu', 'memory']);
      expect(bytes(limits.memory)).toBeGreaterThanOrEqual(bytes(requests.memory));
      const heap = /--max-old-space-size=(\d+)/.exec(env(c, 'NODE_OPTIONS')?.value ?? '');
      expect(heap).not.toBeNull();
      expect(Number(heap![1]) * 2 ** 20).toBeLessThanOrEqual(bytes(limits.memory) * 0.8);
    });

    it.each(workloads(rendered[overlay]).map((w) => [w.kind, w.metadata.name, w] as const))(
      'runs %s %s as a non-root user that cannot gain privileges, on a read-only root',
      (_kind, _name, w) => {
        const pod = w.spec.template.spec;
        expect(pod.securityContext?.runAsNonRoot).toBe(true);
        expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
        expect(pod.automountServiceAccountToken).toBe(false);
        const c = container(w);
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      },
    );

    it.each(SERVICES)('lets $name drain within its termination grace period', (service) => {
      const w = get<Workload>(objects, 'Deployment', service.name);
      const shutdownMs = Number(configMap(objects, 'jlis-config').SHUTDOWN_TIMEOUT_MS);
      expect(shutdownMs).toBeGreaterThan(0);
      const preStop = container(w).lifecycle?.preStop?.exec?.command ?? [];
      const preStopSeconds = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
      expect(w.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
        preStopSeconds + shutdownMs / 1000 + 5,
      );
    });

    it('sets the image and its tag in the overlay, for every container', () => {
      for (const w of workloads(objects)) {
        const image = container(w).image;
        const [name, tag] = image.split(':');
        expect({ workload: w.metadata.name, name }).toEqual({ workload: w.metadata.name, name: IMAGE[overlay] });
        expect(tag).toMatch(/^[\w][\w.-]*$/);
        expect(tag).not.toBe('latest');
      }
    });

    it('starts each service from its compiled entry point and the migrations from the migrate script', () => {
      // Read from the sources, not a build: apps/<service>/dist/main.js is what tsconfig.app.json makes of src/main.ts.
      const root = join(__dirname, '..', '..');
      const commands = workloads(objects).map((w) => container(w).command ?? []);
      for (const [node, script] of commands) {
        expect(node).toBe('node');
        const app = /^apps\/([a-z]+)\/dist\/main\.js$/.exec(script);
        if (app) {
          const tsconfig = JSON.parse(readFileSync(join(root, 'apps', app[1], 'tsconfig.app.json'), 'utf8'));
          expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
          expect(existsSync(join(root, 'apps', app[1], 'src', 'main.ts'))).toBe(true);
        } else {
          expect(script).toBe('scripts/migrate.js');
          expect(existsSync(join(root, script))).toBe(true);
        }
      }
      expect(commands.map(([, script]) => script).sort()).toEqual(
        [...SERVICES.map((s) => `apps/${s.name}/dist/main.js`), 'scripts/migrate.js'].sort(),
      );
    });

    it('takes configuration from ConfigMaps it renders and secrets from Secrets it does not', () => {
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      // Rendered, or the one the operator creates (the installation's own public key, docs/operations.md § Secrets).
      const maps = new Set([
        ...objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name),
        'caller-assertion',
      ]);
      for (const w of workloads(objects)) {
        const c = container(w);
        for (const ref of c.envFrom ?? []) {
          expect(ref.secretRef).toBeUndefined();
          expect(maps.has(ref.configMapRef!.name)).toBe(true);
        }
        for (const e of c.env ?? []) {
          const keyRef = e.valueFrom?.configMapKeyRef;
          if (keyRef) expect(maps.has(keyRef.name)).toBe(true);
        }
        // Seeds travel as files: an environment is readable by every child process and in crash reports.
        expect(c.env?.map((e) => e.name)).not.toContain('NATS_NKEY_SEED');
      }
    });

    it('puts one autoscaler at most on a Deployment, and leaves replicas to it', () => {
      const targets = objects
        .filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject')
        .map((o) => (o.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name);
      expect(new Set(targets).size).toBe(targets.length);
      for (const target of targets) expect(get<Workload>(objects, 'Deployment', target).spec.replicas).toBeUndefined();
      expect(targets).toEqual(expect.arrayContaining(['cards', 'access']));
    });
  });

  describe('the production overlay', () => {
    const objects = rendered.production;

    it.each(['cards', 'notifications'])('scales %s with KEDA on the lag of its durable consumer', (name) => {
      expect(find(objects, 'HorizontalPodAutoscaler', name)).toBeUndefined();
      const scaled = get<ScaledObject>(objects, 'ScaledObject', name);
      expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
      const lag = scaled.spec.triggers.find((t) => t.type === 'nats-jetstream');
      expect(lag?.metadata).toMatchObject({ stream: EVENTS_STREAM, consumer: name });
      expect(Number(lag?.metadata.lagThreshold)).toBeGreaterThan(0);
    });

    it('runs in production mode, with no development setting', () => {
      const shared = configMap(objects, 'jlis-config');
      expect(shared.NODE_ENV).toBe('production');
      expect(shared.AUTH_MODE).toBe('production');
      const all = objects.filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.entries(o.data as object));
      expect(all.filter(([key, value]) => String(value) === 'development' || key === 'CLOCK_OFFSET_DAYS')).toEqual([]);
      expect(Number(shared.NATS_STREAM_REPLICAS)).toBe(3);
    });

    it('tells the gateway the client address from the ingress controller, which alone reaches its API port', () => {
      expect(configMap(objects, 'gateway-config').TRUST_PROXY).toBe('uniquelocal');
      const ingress = get<K8sObject & { spec: { ingress: { from?: unknown[] }[] } }>(
        objects,
        'NetworkPolicy',
        'gateway-ingress',
      );
      expect(ingress.spec.ingress.every((rule) => rule.from?.length)).toBe(true);
    });

    it('requires the SMTP relay credentials (development may leave them out)', () => {
      const smtp = (o: Overlay) =>
        env(container(get<Workload>(rendered[o], 'Deployment', 'notifications')), 'SMTP_URL')?.valueFrom?.secretKeyRef;
      expect(smtp('production')).toEqual({ name: 'notifications-credentials', key: 'smtp-url' });
      expect(smtp('development')?.optional).toBe(true);
    });
  });

  it('leaves the image tag to the overlays: the base names the image without one', () => {
    const images = workloads(render('base')).map((w) => container(w).image);
    expect(new Set(images)).toEqual(new Set(['jlis-suite']));
  });

  const renderedMapNames = (overlay: Overlay) =>
    rendered[overlay].filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name);

  it('refers to exactly the Secrets and ConfigMaps docs/operations.md § Secrets tells operators to create', () => {
    const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const section = docs.slice(docs.indexOf('### Secrets'), docs.indexOf('\n## NATS'));
    const cell = (c: string) => c.trim().replace(/`/g, '');
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => {
        const [secret, keys, variable, workload] = line.split('|').slice(1, 5).map(cell);
        return keys.split(', ').map((key) => `${secret} ${key} ${variable} ${workload}`);
      });
    const referenced = new Set<string>();
    for (const overlay of OVERLAYS) {
      for (const w of workloads(rendered[overlay])) {
        const c = container(w);
        const rendered = new Set(renderedMapNames(overlay));
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
          if (ref && !rendered.has(ref.name)) referenced.add(`${ref.name} ${ref.key} ${e.name} ${w.metadata.name}`);
        }
        // A Secret mounted as files: the variable is the one naming the file.
        for (const volume of w.spec.template.spec.volumes ?? []) {
          if (!volume.secret) continue;
          const mount = c.volumeMounts?.find((m) => m.name === volume.name);
          expect(mount?.readOnly).toBe(true);
          for (const item of volume.secret.items ?? []) {
            const variable = c.env?.find((e) => e.value === `${mount!.mountPath}/${item.path}`)?.name;
            referenced.add(`${volume.secret.secretName} ${item.key} ${variable ?? '(no variable)'} ${w.metadata.name}`);
          }
        }
      }
      for (const ingress of rendered[overlay].filter((o) => o.kind === 'Ingress'))
        for (const tls of (ingress.spec as { tls: { secretName: string }[] }).tls)
          for (const key of ['tls.crt', 'tls.key'])
            referenced.add(`${tls.secretName} ${key} — Ingress ${ingress.metadata.name}`);
    }
    expect(documented.sort()).toEqual([...referenced].sort());
  });

  it('commits no Secret with data anywhere under deploy/', () => {
    const allFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)],
      );
    const files = allFiles(join(__dirname, '..')).filter((file) => /\.ya?ml$/.test(file));
    expect(files.length).toBeGreaterThan(10);
    const secrets = files.flatMap((file) =>
      parseAllDocuments(readFileSync(file, 'utf8'))
        .map((d) => d.toJS() as { kind?: string; data?: unknown; stringData?: unknown } | null)
        .filter((doc) => doc?.kind === 'Secret' && (doc.data || doc.stringData))
        .map(() => file),
    );
    expect(secrets).toEqual([]);
    // Nor key material in any other form: PEM private keys, NATS nkey seeds.
    const material = allFiles(join(__dirname, '..')).filter((file) =>
      /-----BEGIN [A-Z ]*PRIVATE KEY-----|\bS[UOA][A-Z2-7]{56}\b/.test(readFileSync(file, 'utf8')),
    );
    expect(material).toEqual([]);
  });
});

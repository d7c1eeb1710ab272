import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EVENTS_STREAM } from '@jlis/contracts';
import type { K8sObject } from '../kustomize';
import { configMap, render } from '../k8s/rendered';

/**
 * There is no helm here to render the chart, so the values are parsed and held to what the deployment needs: a
 * three-node JetStream cluster on durable disks, the repository's accounts, the monitoring port KEDA reads.
 */
const values = (file: string) => parse(readFileSync(join(__dirname, file), 'utf8')) as Record<string, any>;
const production = values('helm-values.yaml');
const development = values('helm-values.development.yaml');

/**
 * The keys of chart 2.14.2 these files may set (read from its values.yaml); below the free-form ones (merge, patch,
 * env, resources, topologySpreadConstraints) anything goes. A misspelt key is ignored by helm without a word.
 */
const CHART_KEYS = [
  'config.cluster.enabled',
  'config.cluster.replicas',
  'config.jetstream.enabled',
  'config.jetstream.fileStore.enabled',
  'config.jetstream.fileStore.dir',
  'config.jetstream.fileStore.pvc.enabled',
  'config.jetstream.fileStore.pvc.size',
  'config.jetstream.fileStore.pvc.storageClassName',
  'config.jetstream.memoryStore.enabled',
  'config.monitor.enabled',
  'config.monitor.port',
  'config.merge.',
  'container.merge.',
  'container.patch',
  'container.env.',
  'container.resources.',
  'podTemplate.topologySpreadConstraints.',
  'podTemplate.patch',
  'podDisruptionBudget.enabled',
  'promExporter.enabled',
  'natsBox.enabled',
];

function leaves(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => leaves(value, prefix ? `${prefix}.${key}` : key));
}

describe('NATS Helm values', () => {
  it.each([
    ['helm-values.yaml', production],
    ['helm-values.development.yaml', development],
  ])('%s sets only keys the chart has', (_file, doc) => {
    const unknown = leaves(doc).filter(
      (path) => !CHART_KEYS.some((key) => (key.endsWith('.') ? path.startsWith(key) : path === key)),
    );
    expect(unknown).toEqual([]);
  });

  it('run three JetStream nodes on persistent volumes, one per machine, at most one down at a time', () => {
    expect(production.config.cluster).toEqual({ enabled: true, replicas: 3 });
    expect(production.config.jetstream.enabled).toBe(true);
    expect(production.config.jetstream.fileStore).toMatchObject({ enabled: true, pvc: { enabled: true } });
    expect(production.podTemplate.topologySpreadConstraints['kubernetes.io/hostname']).toEqual({
      maxSkew: 1,
      whenUnsatisfiable: 'DoNotSchedule',
    });
    expect(production.podDisruptionBudget.enabled).toBe(true);
  });

  it('keep as many NATS nodes as the overlay asks stream replicas', () => {
    const replicas = (overlay: 'development' | 'production') =>
      Number(configMap(render(overlay), 'jlis-config').NATS_STREAM_REPLICAS);
    expect(replicas('production')).toBe(production.config.cluster.replicas);
    // The development values, laid over the production ones, turn the cluster off: one node.
    expect(development.config.cluster.enabled).toBe(false);
    expect(replicas('development')).toBe(1);
  });

  it('load the repository’s accounts and permissions, and the identities’ public keys', () => {
    const include = production.config.merge.$include as string;
    expect(include).toMatch(/^\.\.\/nats-accounts\/[\w.-]+$/);
    const accounts = include.split('/').pop()!;
    expect(existsSync(join(__dirname, accounts))).toBe(true);
    const mount = production.container.patch.find((p: any) => p.path === '/volumeMounts/-').value;
    expect(mount).toEqual({ name: 'nats-accounts', mountPath: '/etc/nats-accounts' });
    const volume = production.podTemplate.patch.find((p: any) => p.path === '/spec/volumes/-').value;
    expect(volume).toEqual({ name: 'nats-accounts', configMap: { name: 'nats-accounts' } });
    expect(production.container.merge.envFrom).toEqual([{ configMapRef: { name: 'nats-user-pubkeys' } }]);
  });

  it('let KEDA read consumer lag of the account, stream and consumers the services use', () => {
    expect(production.config.monitor).toEqual({ enabled: true, port: 8222 });
    const conf = readFileSync(join(__dirname, 'nats-server.conf'), 'utf8');
    const account = /accounts\s*\{\s*(\w+)\s*\{[^}]*jetstream:\s*enabled/.exec(conf)?.[1];
    expect(account).toBeDefined();
    const scaled = render('production').filter((o: K8sObject) => o.kind === 'ScaledObject');
    expect(scaled.length).toBeGreaterThan(0);
    for (const o of scaled) {
      const trigger = (o.spec as { triggers: { type: string; metadata: Record<string, string> }[] }).triggers.find(
        (t) => t.type === 'nats-jetstream',
      );
      expect(trigger?.metadata).toMatchObject({
        account,
        stream: EVENTS_STREAM,
        natsServerMonitoringEndpoint: `nats-headless.nats.svc.cluster.local:${production.config.monitor.port}`,
      });
    }
  });

  it('leave out nats-box, which has no identity', () => {
    expect(production.natsBox.enabled).toBe(false);
  });
});

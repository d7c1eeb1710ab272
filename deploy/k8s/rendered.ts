import { join } from 'node:path';
import { build, K8sObject } from '../kustomize';

/** What the manifests promise about each service; the ops contract of docs/operations.md § Health and metrics. */
export const SERVICES = [
  { name: 'gateway', metricsPort: 9460, database: false },
  { name: 'intake', metricsPort: 9461, database: true },
  { name: 'documents', metricsPort: 9462, database: true },
  { name: 'cards', metricsPort: 9463, database: true },
  { name: 'access', metricsPort: 9464, database: true },
  { name: 'notifications', metricsPort: 9465, database: true },
] as const;
export type ServiceName = (typeof SERVICES)[number]['name'];

export const OVERLAYS = ['development', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export const K8S_DIR = __dirname;

export function render(overlay: Overlay | 'base'): K8sObject[] {
  return build(overlay === 'base' ? join(K8S_DIR, 'base') : join(K8S_DIR, 'overlays', overlay));
}

// Loosely typed views of the parts the checks read; the schemas themselves are checked by schemas.ts.
export interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string; optional?: boolean };
      configMapKeyRef?: { name: string; key: string };
    };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    runAsUser?: number;
    capabilities?: { drop?: string[] };
  };
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  automountServiceAccountToken?: boolean;
  restartPolicy?: string;
  volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[];
}
export interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector?: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

export function get<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const found = find(objects, kind, name);
  if (!found) throw new Error(`no ${kind} ${name} in the rendering`);
  return found as T;
}

export function workloads(objects: K8sObject[]): Workload[] {
  return objects.filter((o): o is Workload => o.kind === 'Deployment' || o.kind === 'Job');
}

/** A generated ConfigMap by the name it has before kustomize appends its hash. */
export function configMap(objects: K8sObject[], name: string): Record<string, string> {
  const found = objects.find(
    (o) => o.kind === 'ConfigMap' && new RegExp(`^${name}-[a-z0-9]{10}$`).test(o.metadata.name),
  );
  if (!found) throw new Error(`no ConfigMap ${name} in the rendering`);
  return found.data as Record<string, string>;
}

/** Kubernetes memory quantities as bytes (the forms the manifests use). */
export function bytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] as 'Ki' | 'Mi' | 'Gi'] ?? 1;
  return Number(match[1]) * unit;
}

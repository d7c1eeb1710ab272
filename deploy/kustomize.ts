import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Renders a kustomization the way `kubectl kustomize` does, for the subset of kustomize v2.0.3 (the one bundled with
 * Debian's kubernetes-client 1.20) that deploy/k8s uses: bases, resources, namespace, configMapGenerator (with the
 * content-hash suffix and the references to it rewritten), patchesStrategicMerge and images. No npm package renders
 * kustomize and the tests may not rely on a kubectl that happens to be installed, so `npm test` renders with this.
 * Anything outside the subset is refused rather than approximated, so a manifest that kustomize would read
 * differently cannot slip through.
 */

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  bases?: string[];
  resources?: string[];
  namespace?: string;
  configMapGenerator?: { name: string; behavior?: 'create' | 'merge' | 'replace'; literals?: string[] }[];
  patchesStrategicMerge?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

const ALLOWED_FIELDS = new Set([
  'apiVersion',
  'kind',
  'bases',
  'resources',
  'namespace',
  'configMapGenerator',
  'patchesStrategicMerge',
  'images',
]);

/** A ConfigMap made by a generator: its name gets a hash of its content once the whole build is done. */
const GENERATED = Symbol('generated');
type Resource = K8sObject & { [GENERATED]?: true };

export class KustomizeError extends Error {}

/** Builds the kustomization in `dir` and returns its objects in kustomize's legacy order. */
export function build(dir: string): K8sObject[] {
  const resources = buildLayer(resolve(dir));
  const renamed = applyHashSuffixes(resources);
  return sortLegacy(renamed).map(({ [GENERATED]: _generated, ...object }) => object);
}

function buildLayer(dir: string): Resource[] {
  const k = readKustomization(dir);
  const resources: Resource[] = [];
  for (const base of k.bases ?? []) {
    const baseDir = resolve(dir, base);
    if (!existsSync(join(baseDir, 'kustomization.yaml')))
      throw new KustomizeError(`${dir}: base ${base} has no kustomization.yaml`);
    addAll(resources, buildLayer(baseDir));
  }
  for (const file of k.resources ?? []) {
    const path = insideDir(dir, file, 'resources');
    if (statSync(path).isDirectory())
      throw new KustomizeError(
        `${dir}: resource ${file} is a directory; kustomize v2.0.3 takes directories only in bases`,
      );
    addAll(resources, readObjects(path));
  }
  for (const generator of k.configMapGenerator ?? []) generate(resources, generator, dir);
  for (const file of k.patchesStrategicMerge ?? []) {
    for (const patch of readObjects(insideDir(dir, file, 'patchesStrategicMerge'))) applyPatch(resources, patch, file);
  }
  if (k.namespace) for (const r of resources) r.metadata.namespace = k.namespace;
  for (const image of k.images ?? []) setImages(resources, image);
  return resources;
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  const [doc, ...more] = parseYaml(file);
  if (more.length || !isObject(doc)) throw new KustomizeError(`${file}: expected one kustomization document`);
  const unknown = Object.keys(doc).filter((key) => !ALLOWED_FIELDS.has(key));
  if (unknown.length)
    throw new KustomizeError(
      `${file}: ${unknown.join(', ')} outside the kustomize v2.0.3 subset this renderer follows`,
    );
  return doc;
}

function parseYaml(file: string): Json[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length) throw new KustomizeError(`${file}: ${doc.errors[0].message}`);
    return doc.toJS() as Json;
  });
}

function readObjects(file: string): Resource[] {
  return parseYaml(file)
    .filter((doc) => doc !== null)
    .map((doc) => {
      if (!isObject(doc) || typeof doc.kind !== 'string' || typeof doc.apiVersion !== 'string')
        throw new KustomizeError(`${file}: every document needs apiVersion and kind`);
      const metadata = doc.metadata;
      if (!isObject(metadata) || typeof metadata.name !== 'string')
        throw new KustomizeError(`${file}: ${doc.kind} without metadata.name`);
      return doc as unknown as Resource;
    });
}

/** kustomize v2 loads only files in or below the kustomization's directory (bases excepted). */
function insideDir(dir: string, file: string, field: string): string {
  const path = resolve(dir, file);
  if (path !== dir && !path.startsWith(dir + sep))
    throw new KustomizeError(`${dir}: ${field} entry ${file} is not in or below the kustomization's directory`);
  if (!existsSync(path)) throw new KustomizeError(`${dir}: ${field} entry ${file} does not exist`);
  return path;
}

/** kustomize's identity of an object: group, kind and name (versions of one kind are the same object). */
function id(r: Resource): string {
  const group = r.apiVersion.includes('/') ? r.apiVersion.split('/')[0] : '';
  return `${group}/${r.kind}/${r.metadata.name}`;
}

function addAll(into: Resource[], more: Resource[]): void {
  for (const r of more) {
    if (into.some((existing) => id(existing) === id(r)))
      throw new KustomizeError(`${id(r)} is defined twice (kustomize refuses duplicate ids)`);
    into.push(r);
  }
}

function generate(
  resources: Resource[],
  generator: NonNullable<Kustomization['configMapGenerator']>[number],
  dir: string,
) {
  const data: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf('=');
    if (at < 1) throw new KustomizeError(`${dir}: configMapGenerator ${generator.name}: "${literal}" is not KEY=value`);
    data[literal.slice(0, at)] = stripQuotes(literal.slice(at + 1));
  }
  const behavior = generator.behavior ?? 'create';
  const existing = resources.find((r) => r.kind === 'ConfigMap' && r.metadata.name === generator.name);
  if (behavior === 'create') {
    if (existing) throw new KustomizeError(`${dir}: ConfigMap ${generator.name} exists already; use behavior merge`);
    const map: Resource = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: generator.name }, data };
    map[GENERATED] = true;
    resources.push(map);
    return;
  }
  if (!existing?.[GENERATED])
    throw new KustomizeError(`${dir}: behavior ${behavior} needs a generated ConfigMap ${generator.name} in a base`);
  existing.data = behavior === 'merge' ? { ...(existing.data as Record<string, string>), ...data } : data;
}

/** kustomize strips one pair of surrounding quotes from a literal's value. */
function stripQuotes(value: string): string {
  return /^(["']).*\1$/s.test(value) ? value.slice(1, -1) : value;
}

// ---------------------------------------------------------------------------------------------- strategic merge

/**
 * Lists that Kubernetes merges by a key under strategic merge patch (from the API's patchMergeKey tags), for the
 * fields our patches touch. A patch that reaches any other list of objects is refused: the renderer would have to
 * guess whether kustomize replaces or merges it.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};
/** Lists that strategic merge replaces whole (atomic in the API). */
const REPLACED_LISTS = new Set([
  'args',
  'command',
  'envFrom',
  'ingress',
  'egress',
  'metrics',
  'triggers',
  'rules',
  'tls',
]);

function applyPatch(resources: Resource[], patch: Resource, file: string): void {
  const target = resources.find((r) => id(r) === id(patch));
  if (!target) throw new KustomizeError(`${file}: no ${id(patch)} to patch`);
  // Custom resources have no patch strategy in kustomize: a JSON merge patch (every list replaced).
  const json = !isBuiltIn(target.apiVersion);
  const merged = merge(target as unknown as JsonObject, patch as unknown as JsonObject, json, file, '');
  Object.assign(target, merged);
}

function isBuiltIn(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

function merge(target: JsonObject, patch: JsonObject, json: boolean, file: string, path: string): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new KustomizeError(`${file}: directive ${key} at ${path} is not supported here`);
    const here = `${path}/${key}`;
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = merge(out[key], value, json, file, here);
    else if (Array.isArray(value) && Array.isArray(out[key]) && !json)
      out[key] = mergeList(key, out[key], value, file, here);
    else out[key] = value;
  }
  return out;
}

function mergeList(key: string, target: Json[], patch: Json[], file: string, path: string): Json[] {
  const objects = patch.some(isObject) || target.some(isObject);
  if (!objects || REPLACED_LISTS.has(key)) return patch;
  const mergeKey = MERGE_KEYS[key];
  if (!mergeKey) throw new KustomizeError(`${file}: ${path} is a list the renderer does not know how to merge`);
  // Today's kustomize puts the patch's items first, in the patch's order, then the target's others in theirs (v2
  // merged in place); the order of env, ports and containers carries no meaning here, and following today's lets a
  // rendering be compared with `kubectl kustomize` to the byte.
  const merged: Json[] = [];
  for (const item of patch) {
    if (!isObject(item) || !(mergeKey in item))
      throw new KustomizeError(`${file}: every item of ${path} needs its merge key ${mergeKey}`);
    const existing = target.find((t) => isObject(t) && t[mergeKey] === item[mergeKey]);
    merged.push(
      existing ? merge(existing as JsonObject, item, false, file, `${path}[${JSON.stringify(item[mergeKey])}]`) : item,
    );
  }
  const patched = new Set(patch.map((item) => (item as JsonObject)[mergeKey]));
  return [...merged, ...target.filter((t) => !isObject(t) || !patched.has(t[mergeKey]))];
}

// ---------------------------------------------------------------------------------------------- images

function setImages(resources: Resource[], image: NonNullable<Kustomization['images']>[number]): void {
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
        for (const container of value) {
          if (isObject(container) && typeof container.image === 'string')
            container.image = retag(container.image, image);
        }
      } else visit(value);
    }
  };
  resources.forEach((r) => visit(r as unknown as Json));
}

function retag(current: string, image: NonNullable<Kustomization['images']>[number]): string {
  const match = /^([^@]+?)(?::([^:/@]+))?(?:@(.+))?$/.exec(current);
  if (!match || match[1] !== image.name) return current;
  const name = image.newName ?? match[1];
  if (image.digest) return `${name}@${image.digest}`;
  if (image.newTag) return `${name}:${image.newTag}`;
  if (match[3]) return `${name}@${match[3]}`;
  return match[2] ? `${name}:${match[2]}` : name;
}

// ---------------------------------------------------------------------------------------------- hash suffixes

/**
 * Appends kustomize's content hash to every generated ConfigMap's name and rewrites the references to it (envFrom,
 * env valueFrom, volumes), so that a configuration change rolls the Deployments that use it.
 */
function applyHashSuffixes(resources: Resource[]): Resource[] {
  const renames = new Map<string, string>();
  for (const r of resources) {
    if (!r[GENERATED]) continue;
    const name = `${r.metadata.name}-${configMapHash(r.data as Record<string, string>)}`;
    renames.set(`${r.metadata.namespace ?? ''}/${r.metadata.name}`, name);
    r.metadata.name = name;
  }
  const rename = (namespace: string | undefined, name: Json): Json =>
    typeof name === 'string' ? (renames.get(`${namespace ?? ''}/${name}`) ?? name) : name;
  const visit = (node: Json, namespace: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, namespace));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'configMapRef' || key === 'configMapKeyRef' || key === 'configMap') && isObject(value))
        value.name = rename(namespace, value.name);
      else visit(value, namespace);
    }
  };
  for (const r of resources) if (!r[GENERATED]) visit(r as unknown as Json, r.metadata.namespace);
  return resources;
}

/**
 * kustomize's ConfigMap hash: SHA-256 of Go's json.Marshal of {data, kind, name} (keys sorted, <, > and & escaped),
 * its first ten hex digits with 0, 1, 3, a and e swapped for letters that cannot spell words. Since v3 kustomize looks
 * the name up with a path its YAML library does not split, so the name it hashes is always empty; v2 hashed the real
 * name. We follow today's kustomize, so a rendering here and `kubectl kustomize` agree to the byte; the suffix is
 * only ever compared with itself, so the two versions' different names are harmless.
 */
export function configMapHash(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const json = JSON.stringify({ data: sorted, kind: 'ConfigMap', name: '' })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  const hex = createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 10);
  const swap: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex].map((c) => swap[c] ?? c).join('');
}

// ---------------------------------------------------------------------------------------------- order

/** kustomize's legacy output order: kinds others depend on first, then everything else by kind and name. */
const ORDER_FIRST = [
  'Namespace',
  'ResourceQuota',
  'StorageClass',
  'CustomResourceDefinition',
  'ServiceAccount',
  'PodSecurityPolicy',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Endpoints',
  'Service',
  'LimitRange',
  'PriorityClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'CronJob',
  'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function sortLegacy(resources: Resource[]): Resource[] {
  const rank = (kind: string) => {
    const first = ORDER_FIRST.indexOf(kind);
    if (first >= 0) return first - ORDER_FIRST.length;
    const last = ORDER_LAST.indexOf(kind);
    return last >= 0 ? 1 + last : 0;
  };
  // Same rank: by group, version and kind as kustomize spells them ("~G" for the core group), then by name.
  const gvk = (r: Resource) => {
    const [group, version] = r.apiVersion.includes('/') ? r.apiVersion.split('/') : ['~G', r.apiVersion];
    return `${group}_${version}_${r.kind}`;
  };
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...resources].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || compare(gvk(a), gvk(b)) || compare(a.metadata.name, b.metadata.name),
  );
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { join } from 'node:path';
import * as ts from 'typescript';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import type { K8sObject } from '../kustomize';

/**
 * The Kubernetes 1.3x and KEDA 2.x schemas, as kubernetes-models@5.1.0 and @kubernetes-models/keda@2.0.0 compile
 * them: each model's validate() checks types, required fields, enums and formats (quantities, ports). It does not
 * refuse fields the API does not know, which `kubectl apply` does (strict field validation), so unknownFields()
 * checks those with the same package's TypeScript types.
 */
type Model = new (data: never) => { validate(): void };
const MODELS: Record<string, { model: Model; type: [string, string] }> = {
  'v1/ConfigMap': { model: ConfigMap, type: ['kubernetes-models/v1/ConfigMap', 'IConfigMap'] },
  'v1/Secret': { model: Secret, type: ['kubernetes-models/v1/Secret', 'ISecret'] },
  'v1/Service': { model: Service, type: ['kubernetes-models/v1/Service', 'IService'] },
  'v1/ServiceAccount': { model: ServiceAccount, type: ['kubernetes-models/v1/ServiceAccount', 'IServiceAccount'] },
  'apps/v1/Deployment': { model: Deployment, type: ['kubernetes-models/apps/v1/Deployment', 'IDeployment'] },
  'batch/v1/Job': { model: Job, type: ['kubernetes-models/batch/v1/Job', 'IJob'] },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    type: ['kubernetes-models/policy/v1/PodDisruptionBudget', 'IPodDisruptionBudget'],
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    type: ['kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'IHorizontalPodAutoscaler'],
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    type: ['kubernetes-models/networking.k8s.io/v1/NetworkPolicy', 'INetworkPolicy'],
  },
  'networking.k8s.io/v1/Ingress': {
    model: Ingress,
    type: ['kubernetes-models/networking.k8s.io/v1/Ingress', 'IIngress'],
  },
  'keda.sh/v1alpha1/ScaledObject': {
    model: ScaledObject,
    type: ['@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject', 'IScaledObject'],
  },
};

function entry(o: K8sObject) {
  const found = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!found) throw new Error(`${o.apiVersion} ${o.kind} has no schema here: add its model to deploy/k8s/schemas.ts`);
  return found;
}

/** The schema errors of one object ("" when it validates). */
export function schemaErrors(o: K8sObject): string {
  try {
    new (entry(o).model)(o as never).validate();
    return '';
  } catch (error) {
    return `${o.kind} ${o.metadata.name}: ${(error as Error).message}`;
  }
}

/**
 * Fields the API does not know, found as TypeScript finds excess properties: every object becomes a typed literal of
 * its kind in one in-memory program. Returns one message per object that has any (TypeScript names the first).
 */
export function unknownFields(objects: K8sObject[]): string[] {
  const file = join(__dirname, '__manifests__.ts');
  const types = new Map(objects.map((o) => [entry(o).type[1], entry(o).type[0]]));
  const source = [
    ...[...types].map(([name, module]) => `import type { ${name} } from '${module}';`),
    ...objects.map((o, i) => `export const o${i}: ${entry(o).type[1]} = ${JSON.stringify(o)};`),
  ].join('\n');
  const options: ts.CompilerOptions = {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    // The packages publish their types through "exports" only (deploy/tsconfig.json resolves the same way).
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, source, version) : readFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file?.fileName !== file || d.start === undefined) return message;
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const o = objects[line - types.size];
    return `${o ? `${o.kind} ${o.metadata.name}: ` : ''}${message.split('\n').slice(-1)[0]}`;
  });
}

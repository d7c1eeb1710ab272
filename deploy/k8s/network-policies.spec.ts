import type { K8sObject } from '../kustomize';
import { OVERLAYS, Overlay, render, Workload, workloads } from './rendered';

/**
 * What each workload may send and receive, read from the rendered NetworkPolicies the way Kubernetes reads them: a
 * pod selected by no policy of a direction is open in that direction; selected by any, it may do only what the
 * union of their rules admits. The tables below are the whole list (docs/operations.md § Network); anything a
 * policy admits beyond them, or a listed path no policy admits, fails.
 */
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  ports?: { protocol?: string; port?: number | string }[];
  from?: Peer[];
  to?: Peer[];
}
interface Policy extends K8sObject {
  spec: { podSelector: LabelSelector; policyTypes: ('Ingress' | 'Egress')[]; ingress?: Rule[]; egress?: Rule[] };
}

function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    if (e.operator === 'In') return value !== undefined && e.values!.includes(value);
    if (e.operator === 'NotIn') return value === undefined || !e.values!.includes(value);
    if (e.operator === 'Exists') return value !== undefined;
    return value === undefined;
  });
  return byLabels && byExpressions;
}

function describeSelector(s: LabelSelector): string {
  const labels = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = (s.matchExpressions ?? []).map((e) => `${e.key} ${e.operator} ${(e.values ?? []).join('|')}`);
  return [...labels, ...expressions].sort().join(',') || '*';
}

function describePeer(p: Peer): string {
  if (p.ipBlock) return `ip ${p.ipBlock.cidr}${p.ipBlock.except ? ` except ${p.ipBlock.except.join(',')}` : ''}`;
  const ns = p.namespaceSelector ? `ns(${describeSelector(p.namespaceSelector)})` : 'same ns';
  return p.podSelector ? `${ns} pods(${describeSelector(p.podSelector)})` : `${ns} all pods`;
}

/** Every (peer, port) pair the policies admit for pods with these labels, or "open" when none isolates them. */
function admitted(policies: Policy[], labels: Record<string, string>, direction: 'Ingress' | 'Egress'): string[] {
  const selecting = policies.filter(
    (p) => p.spec.policyTypes.includes(direction) && matches(p.spec.podSelector, labels),
  );
  if (!selecting.length) return ['open'];
  return selecting.flatMap((p) =>
    ((direction === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).flatMap((rule) => {
      const peers = (direction === 'Ingress' ? rule.from : rule.to)?.map(describePeer) ?? ['anywhere'];
      const ports = rule.ports?.map((port) => `${port.protocol ?? 'TCP'}/${port.port ?? '*'}`) ?? ['all ports'];
      return peers.flatMap((peer) => ports.map((port) => `${peer} ${port}`));
    }),
  );
}

const PUBLIC = 'ip 0.0.0.0/0 except 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,100.64.0.0/10';
const DNS = [
  'ns(kubernetes.io/metadata.name=kube-system) pods(k8s-app=kube-dns) UDP/53',
  'ns(kubernetes.io/metadata.name=kube-system) pods(k8s-app=kube-dns) TCP/53',
];
const NATS = [
  'ns(kubernetes.io/metadata.name=nats) pods(app.kubernetes.io/component=nats,app.kubernetes.io/name=nats) TCP/4222',
];
const OTLP = [
  'ns(kubernetes.io/metadata.name=observability) all pods TCP/4317',
  'ns(kubernetes.io/metadata.name=observability) all pods TCP/4318',
];
const PROMETHEUS = ['ns(kubernetes.io/metadata.name=monitoring) pods(app.kubernetes.io/name=prometheus) TCP/metrics'];
const POSTGRES: Record<Overlay, string[]> = {
  development: ['ns(kubernetes.io/metadata.name=postgres) all pods TCP/5432'],
  production: ['ip 192.0.2.10/32 TCP/5432'],
};
const SMTP: Record<Overlay, string[]> = {
  development: [
    'ip 0.0.0.0/0 except 169.254.0.0/16 TCP/25',
    'ip 0.0.0.0/0 except 169.254.0.0/16 TCP/465',
    'ip 0.0.0.0/0 except 169.254.0.0/16 TCP/587',
  ],
  production: ['ip 192.0.2.25/32 TCP/465', 'ip 192.0.2.25/32 TCP/587'],
};
const API: Record<Overlay, string[]> = {
  development: ['anywhere TCP/http'],
  production: ['ns(kubernetes.io/metadata.name=ingress-nginx) all pods TCP/http'],
};

function expected(overlay: Overlay): Record<string, { ingress: string[]; egress: string[] }> {
  const service = { ingress: PROMETHEUS, egress: [...DNS, ...NATS, ...OTLP, ...POSTGRES[overlay]] };
  return {
    gateway: { ingress: [...PROMETHEUS, ...API[overlay]], egress: [...DNS, ...NATS, ...OTLP, `${PUBLIC} TCP/443`] },
    intake: service,
    documents: service,
    cards: service,
    access: service,
    notifications: { ingress: PROMETHEUS, egress: [...service.egress, ...SMTP[overlay], `${PUBLIC} TCP/443`] },
    migrate: { ingress: [], egress: [...DNS, ...NATS, ...POSTGRES[overlay]] },
  };
}

describe('NetworkPolicies', () => {
  describe.each(OVERLAYS)('in the %s overlay', (overlay) => {
    const objects = render(overlay);
    const policies = objects.filter((o): o is Policy => o.kind === 'NetworkPolicy');
    const pods = new Map(workloads(objects).map((w: Workload) => [w.metadata.name, w.spec.template.metadata.labels]));

    it('isolate every pod of the namespace in both directions, whatever its labels', () => {
      const deny = policies.filter((p) => describeSelector(p.spec.podSelector) === '*');
      expect(deny).toHaveLength(1);
      expect(deny[0].spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(admitted(policies, { app: 'anything-else' }, 'Ingress')).toEqual([]);
      expect(admitted(policies, { app: 'anything-else' }, 'Egress')).toEqual([]);
    });

    it.each(Object.entries(expected(overlay)))('admit exactly the listed traffic of %s', (name, wanted) => {
      const labels = pods.get(name);
      expect(labels).toBeDefined();
      expect(admitted(policies, labels!, 'Ingress').sort()).toEqual([...wanted.ingress].sort());
      expect(admitted(policies, labels!, 'Egress').sort()).toEqual([...wanted.egress].sort());
    });

    it('cover every workload the overlay runs', () => {
      expect([...pods.keys()].sort()).toEqual(Object.keys(expected(overlay)).sort());
    });
  });
});

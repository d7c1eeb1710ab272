import { Metrics } from '@jlis/runtime';

/** Every metric name a suite process exports (the suite's own and prom-client's process metrics), with series names. */
export function exportedMetricNames(): Set<string> {
  const metrics = new Metrics('gateway');
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

/** Metric names in a PromQL expression: the suite's (`jlis_…`), the process metrics, and Prometheus' own `up`. */
export function metricNamesIn(expr: string): string[] {
  const names: string[] = [...(expr.match(/\b(jlis|process|nodejs)_[a-z0-9_]+\b/g) ?? [])];
  if (/\bup\{/.test(expr)) names.push('up');
  return [...new Set(names)];
}

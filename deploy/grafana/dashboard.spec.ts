import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedMetricNames, metricNamesIn } from '../prometheus/exported-metrics';

/**
 * The Grafana dashboard. Grafana is not packaged for Debian, so the dashboard cannot be loaded here: it is parsed and
 * held to what Grafana needs (unique panel ids, a position for each panel, queries on the Prometheus data source
 * chosen by a variable) and to what the services export — a query on a metric nobody exports is an empty panel.
 */
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string }[];
  panels?: Panel[];
}
const dashboard = JSON.parse(readFileSync(join(__dirname, 'jlis-suite.json'), 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string }[] };
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const graphs = panels.filter((p) => p.type !== 'row');

describe('Grafana dashboard', () => {
  it('is a dashboard Grafana can import: uid, title, unique panel ids, every panel placed on the 24-column grid', () => {
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const p of panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(p.gridPos.h).toBeGreaterThan(0);
    }
  });

  it('queries Prometheus through the data-source variable', () => {
    expect(dashboard.templating.list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }),
      ]),
    );
    for (const p of graphs)
      expect({ panel: p.title, ds: p.datasource }).toEqual({
        panel: p.title,
        ds: { type: 'prometheus', uid: '${datasource}' },
      });
  });

  it("names in every panel's queries only metrics the services export", () => {
    const exported = exportedMetricNames();
    for (const p of graphs) {
      expect({ panel: p.title, targets: p.targets?.length ?? 0 }).not.toEqual({ panel: p.title, targets: 0 });
      for (const t of p.targets!) {
        const names = metricNamesIn(t.expr);
        expect({ panel: p.title, expr: t.expr, names: names.length }).not.toEqual({
          panel: p.title,
          expr: t.expr,
          names: 0,
        });
        for (const name of names.filter((n) => n !== 'up'))
          expect({ panel: p.title, name, exported: exported.has(name) }).toEqual({
            panel: p.title,
            name,
            exported: true,
          });
      }
    }
  });

  it('shows the suite metrics of each kind', () => {
    const queried = new Set(graphs.flatMap((p) => p.targets!.flatMap((t) => metricNamesIn(t.expr))));
    for (const name of [...exportedMetricNames()].filter((n) => n.startsWith('jlis_') && !/_(sum|count)$/.test(n))) {
      if (name.endsWith('_bucket') || queried.has(`${name}_bucket`)) continue;
      expect({ name, shown: queried.has(name) }).toEqual({ name, shown: true });
    }
  });
});

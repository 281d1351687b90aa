import { DASHBOARD_PANELS, type DashboardPanel } from './dashboard-queries';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** A Grafana timeseries panel of `panel`, at its place in a two-column grid. */
function toGrafanaPanel(panel: DashboardPanel, index: number): Record<string, unknown> {
  return {
    id: index + 1,
    type: 'timeseries',
    title: panel.title,
    description: panel.description,
    datasource: DATASOURCE,
    gridPos: { h: PANEL_HEIGHT, w: PANEL_WIDTH, x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT },
    fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi' } },
    targets: panel.queries.map((query, queryIndex) => ({
      refId: String.fromCharCode(65 + queryIndex),
      datasource: DATASOURCE,
      expr: query.expr,
      legendFormat: query.legend,
    })),
  };
}

/** Tasker's Grafana dashboard (import it, pick the Prometheus data source): built from {@link DASHBOARD_PANELS} only. */
export function buildDashboard(): Record<string, unknown> {
  return {
    title: 'Tasker',
    uid: 'tasker-overview',
    description: 'Tasker workflow orchestration: throughput, errors, durations, waits, backlog, concurrency, leases.',
    tags: ['tasker'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Prometheus',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
        },
      ],
    },
    annotations: { list: [] },
    panels: DASHBOARD_PANELS.map(toGrafanaPanel),
  };
}

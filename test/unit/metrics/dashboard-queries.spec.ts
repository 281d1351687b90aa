import { expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildDashboard } from '../../../observability/build-dashboard';
import { DASHBOARD_PANELS, dashboardQueries } from '../../../observability/dashboard-queries';
import { TASKER_METRIC_NAMES } from '../../../lib/metrics/tasker-metric-set';

const ROOT = join(__dirname, '..', '..', '..');

interface GrafanaPanel {
  title: string;
  targets: Array<{ expr: string; legendFormat: string }>;
}

function committedDashboard(): { panels: GrafanaPanel[] } {
  return JSON.parse(readFileSync(join(ROOT, 'observability', 'grafana', 'tasker.json'), 'utf8')) as {
    panels: GrafanaPanel[];
  };
}

describe('the Grafana dashboard and its query list', () => {
  it('is exactly what build-dashboard makes from the list (run `npm run metrics:dashboard` after editing it)', () => {
    expect(committedDashboard()).toEqual(buildDashboard());
  });

  it('uses only queries of the list, and every one of them', () => {
    const listed = dashboardQueries().map((query) => query.expr);
    const used = committedDashboard().panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    expect(used.filter((expr) => !listed.includes(expr))).toEqual([]);
    expect([...used].sort()).toEqual([...listed].sort());
  });

  it('names every query uniquely and queries only metrics Tasker declares', () => {
    const ids = dashboardQueries().map((query) => query.id);
    expect(new Set(ids).size).toBe(ids.length);
    const metricNames = new Set<string>(TASKER_METRIC_NAMES);
    for (const { expr } of dashboardQueries()) {
      const referenced = expr.match(/tasker_[a-z_]+/g) ?? [];
      expect(referenced.length).toBeGreaterThan(0);
      for (const name of referenced) expect(metricNames.has(name.replace(/_(bucket|count|sum)$/, ''))).toBe(true);
    }
  });

  it('has a panel for each subject the dashboard must show', () => {
    expect(DASHBOARD_PANELS.map((panel) => panel.title)).toEqual(
      expect.arrayContaining([
        'Task throughput',
        'Error rate',
        'Step duration',
        'Queue wait',
        'Dependency wait',
        'Backlog',
        'Concurrency: limit vs in flight',
        'Lease expiries',
      ]),
    );
  });

  it('alert rules query only metrics Tasker declares', () => {
    const rules = parse(readFileSync(join(ROOT, 'observability', 'prometheus', 'alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
    };
    const all = rules.groups.flatMap((group) => group.rules);
    expect(all.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'TaskerHighTaskErrorRate',
        'TaskerBacklogGrowing',
        'TaskerLeaseExpiries',
        'TaskerNoWorkerProgress',
      ]),
    );
    const metricNames = new Set<string>(TASKER_METRIC_NAMES);
    for (const rule of all) {
      for (const name of rule.expr.match(/tasker_[a-z_]+/g) ?? []) expect(metricNames.has(name)).toBe(true);
    }
  });
});

/**
 * The PromQL queries of Tasker's Grafana dashboard, in one place: `build-dashboard.ts` makes the
 * dashboard (`grafana/tasker.json`) from exactly these panels and queries, a test checks the
 * committed dashboard is that one, and `npm run validate:metrics` runs every query against a
 * real Prometheus scraping the sample app and checks each returns data.
 *
 * Windows are fixed (`[5m]`) rather than Grafana's `$__rate_interval`, so the same text runs in
 * Prometheus' own API.
 */

/** One query of a panel. */
export interface DashboardQuery {
  /** Unique among all queries: names it in the validator's report. */
  id: string;
  expr: string;
  /** Grafana legend format. */
  legend: string;
}

/** One dashboard panel. */
export interface DashboardPanel {
  title: string;
  description: string;
  /** Grafana unit: `ops` (per second), `s`, `percentunit`, `short`. */
  unit: 'ops' | 's' | 'percentunit' | 'short';
  queries: DashboardQuery[];
}

const quantiles = (id: string, metric: string, by = ''): DashboardQuery[] =>
  [0.5, 0.95, 0.99].map((q) => ({
    id: `${id}_p${Math.round(q * 100)}`,
    expr: `histogram_quantile(${q}, sum by (le${by === '' ? '' : `, ${by}`}) (rate(${metric}_bucket[5m])))`,
    legend: `p${Math.round(q * 100)}${
      by === ''
        ? ''
        : ` ${by
            .split(', ')
            .map((label) => `{{${label}}}`)
            .join('/')}`
    }`,
  }));

/** Every panel of the dashboard, in display order. */
export const DASHBOARD_PANELS: DashboardPanel[] = [
  {
    title: 'Task throughput',
    description: 'Tasks created and finished per second, by task and final status.',
    unit: 'ops',
    queries: [
      {
        id: 'tasks_created_rate',
        expr: 'sum by (namespace, name) (rate(tasker_tasks_created_total[5m]))',
        legend: 'created {{namespace}}/{{name}}',
      },
      {
        id: 'tasks_finished_rate',
        expr: 'sum by (namespace, name, status) (rate(tasker_tasks_finished_total[5m]))',
        legend: '{{status}} {{namespace}}/{{name}}',
      },
    ],
  },
  {
    title: 'Step throughput',
    description: 'Steps finished per second by final status, and failed attempts that were retried.',
    unit: 'ops',
    queries: [
      {
        id: 'steps_finished_rate',
        expr: 'sum by (status) (rate(tasker_steps_finished_total[5m]))',
        legend: '{{status}}',
      },
      {
        id: 'step_retries_rate',
        expr: 'sum by (namespace, task, step) (rate(tasker_step_retries_total[5m]))',
        legend: 'retry {{namespace}}/{{task}}/{{step}}',
      },
    ],
  },
  {
    title: 'Error rate',
    description: 'Share of finished tasks that failed, and of finished steps that failed, over 5 minutes.',
    unit: 'percentunit',
    queries: [
      {
        id: 'task_error_ratio',
        expr: 'sum(rate(tasker_tasks_finished_total{status="error"}[5m])) / clamp_min(sum(rate(tasker_tasks_finished_total[5m])), 1e-9)',
        legend: 'tasks',
      },
      {
        id: 'step_error_ratio',
        expr: 'sum(rate(tasker_steps_finished_total{status="error"}[5m])) / clamp_min(sum(rate(tasker_steps_finished_total[5m])), 1e-9)',
        legend: 'steps',
      },
    ],
  },
  {
    title: 'Step duration',
    description: 'Quantiles of step handler run time (every attempt that returned or threw).',
    unit: 's',
    queries: quantiles('step_duration', 'tasker_step_duration_seconds'),
  },
  {
    title: 'Step duration p95 by step',
    description: '95th percentile of handler run time per step of each task.',
    unit: 's',
    queries: [
      {
        id: 'step_duration_p95_by_step',
        expr: 'histogram_quantile(0.95, sum by (le, namespace, task, step) (rate(tasker_step_duration_seconds_bucket[5m])))',
        legend: '{{namespace}}/{{task}}/{{step}}',
      },
    ],
  },
  {
    title: 'Task duration',
    description: 'Quantiles of task run time (created to final status).',
    unit: 's',
    queries: quantiles('task_duration', 'tasker_task_duration_seconds'),
  },
  {
    title: 'Queue wait',
    description: 'Time from a step becoming ready to a worker starting it: grows when workers cannot keep up.',
    unit: 's',
    queries: quantiles('queue_wait', 'tasker_step_queue_wait_seconds'),
  },
  {
    title: 'Dependency wait',
    description: 'Time from a step being created to its dependencies being done (it became ready).',
    unit: 's',
    queries: quantiles('dependency_wait', 'tasker_step_dependency_wait_seconds'),
  },
  {
    title: 'Backlog',
    description: 'Steps ready and due, waiting for a worker (read from the database at most every 5 s per process).',
    unit: 'short',
    queries: [{ id: 'ready_steps', expr: 'max(tasker_ready_steps)', legend: 'ready steps' }],
  },
  {
    title: 'Concurrency: limit vs in flight',
    description: 'Handlers running now against the health-aware limit, summed over processes.',
    unit: 'short',
    queries: [
      { id: 'concurrency_limit', expr: 'sum(tasker_concurrency_limit)', legend: 'limit' },
      { id: 'steps_in_flight', expr: 'sum(tasker_steps_in_flight)', legend: 'in flight' },
    ],
  },
  {
    title: 'Database pool and load',
    description:
      'Connections of Tasker’s pool in use, and the pool pressure and system load behind the concurrency limit.',
    unit: 'short',
    queries: [
      { id: 'db_pool_in_use', expr: 'sum(tasker_db_pool_in_use)', legend: 'pool in use' },
      { id: 'pool_pressure', expr: 'max(tasker_concurrency_pool_pressure)', legend: 'pool pressure' },
      { id: 'system_load', expr: 'max(tasker_concurrency_system_load)', legend: 'system load' },
    ],
  },
  {
    title: 'Lease expiries',
    description: 'Step runs recovered from expired leases (a worker died or lost the database) over 15 minutes.',
    unit: 'short',
    queries: [
      {
        id: 'lease_expiries',
        expr: 'sum by (namespace, task) (increase(tasker_lease_expired_total[15m]))',
        legend: '{{namespace}}/{{task}}',
      },
    ],
  },
];

/** Every query, flattened. */
export function dashboardQueries(): DashboardQuery[] {
  return DASHBOARD_PANELS.flatMap((panel) => panel.queries);
}

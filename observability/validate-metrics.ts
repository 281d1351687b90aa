import { spawnSync } from 'node:child_process';
import { DEMO_KINDS, demoPlan } from '../sample-app/src/demo/demo-plan';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardQueries } from './dashboard-queries';
import { startProcess, stopProcess, type StartedProcess } from './validate/child-processes';
import { ensurePrometheus } from './validate/ensure-prometheus';
import { freePort } from './validate/free-port';
import { poll } from './validate/poll';
import { Report } from './validate/report';

/**
 * `npm run validate:metrics`: checks the metrics end to end. Starts the sample app (embedded
 * database, a free port) and a real Prometheus of its own (temp config and data, scrape every
 * second), runs the sample's workflows through Tasker's REST API, then runs every dashboard query
 * (observability/dashboard-queries.ts) against Prometheus' HTTP API and checks each returns data.
 * Also `promtool check rules` on the alert rules. Prints a report by category; exits 1 on any
 * failure. Run it after a build (the npm script builds first).
 */

const ROOT = join(__dirname, '..', '..');
const ALERTS = join(ROOT, 'observability', 'prometheus', 'alerts.yml');
const SAMPLE_APP = join(ROOT, 'dist', 'sample-app', 'src', 'main.js');
/** Tasks of each sample workflow (the demo plan: of 2, one order and one onboarding fail for good). */
const TASKS_PER_WORKFLOW = 2;
const BOOT_TIMEOUT_MS = 120_000;
const QUERY_TIMEOUT_MS = 60_000;
const TERMINAL = new Set(['complete', 'error', 'cancelled', 'resolved_manually']);

interface PromResponse {
  status: string;
  data?: { result?: Array<{ metric: Record<string, string>; value: [number, string] }> };
  error?: string;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function getJson<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as T };
}

async function promQuery(promUrl: string, expr: string): Promise<PromResponse> {
  return (await getJson<PromResponse>(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)).body;
}

async function main(report: Report, processes: StartedProcess[], workDir: string): Promise<void> {
  // 1. Tools and rules
  const missing = ensurePrometheus(log);
  if (missing !== undefined) {
    report.add('setup', 'prometheus installed', 'fail', missing);
    return;
  }
  report.add('setup', 'prometheus installed', 'pass');
  const rules = spawnSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
  report.add(
    'alert rules',
    'promtool check rules observability/prometheus/alerts.yml',
    rules.status === 0 ? 'pass' : 'fail',
    (rules.stdout + rules.stderr).trim().split('\n').slice(-1)[0] ?? '',
  );

  // 2. The sample app
  const appPort = await freePort();
  const app = startProcess('sample app', process.execPath, [SAMPLE_APP], {
    cwd: workDir,
    env: { ...process.env, PORT: String(appPort), TASKER_DATA_DIR: join(workDir, 'tasker-data'), LOG_LEVEL: 'warn' },
  });
  processes.push(app);
  const appUrl = `http://127.0.0.1:${appPort}`;
  const metricsUp = await poll(async () => {
    if (app.exited() !== undefined) return false;
    const response = await fetch(`${appUrl}/metrics`);
    const text = await response.text();
    return response.ok && text.includes('tasker_concurrency_limit') ? true : undefined;
  }, BOOT_TIMEOUT_MS);
  if (metricsUp !== true) {
    report.add('connection', 'sample app serves GET /metrics', 'fail', `app output:\n${app.output()}`);
    return;
  }
  report.add('connection', 'sample app serves GET /metrics', 'pass', appUrl);

  // 3. Prometheus
  const promPort = await freePort();
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${JSON.stringify(ALERTS)}`,
      'scrape_configs:',
      '  - job_name: tasker',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${appPort}']`,
      '',
    ].join('\n'),
  );
  const prometheus = startProcess('prometheus', 'prometheus', [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(workDir, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
  ]);
  processes.push(prometheus);
  const promUrl = `http://127.0.0.1:${promPort}`;
  const ready = await poll(async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined), BOOT_TIMEOUT_MS);
  if (ready !== true) {
    report.add('connection', 'prometheus ready', 'fail', `prometheus output:\n${prometheus.output()}`);
    return;
  }
  report.add('connection', 'prometheus ready', 'pass', promUrl);
  const up = await poll(async () => {
    const result = (await promQuery(promUrl, 'up{job="tasker"}')).data?.result?.[0];
    return result?.value[1] === '1' ? true : undefined;
  }, QUERY_TIMEOUT_MS);
  report.add('scrape', 'prometheus scrapes the app (up{job="tasker"} == 1)', up === true ? 'pass' : 'fail');
  if (up !== true) return;

  // 4. Workflows through the REST API: the demo's mix of every sample workflow (some fail for good,
  // some retry on the way).
  const plan = demoPlan(TASKS_PER_WORKFLOW, `validate-${Date.now()}`);
  const bodies = plan.map((planned) => planned.request);
  const ids: string[] = [];
  for (const body of bodies) {
    const created = await getJson<{ task?: { id?: string } }>(`${appUrl}/tasker/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const id = created.body.task?.id;
    if (created.status !== 201 || id === undefined) {
      report.add(
        'workflow execution',
        'POST /tasker/tasks',
        'fail',
        `HTTP ${created.status}: ${JSON.stringify(created.body).slice(0, 500)}`,
      );
      return;
    }
    ids.push(id);
  }
  report.add(
    'workflow execution',
    `POST /tasker/tasks (${ids.length} tasks of ${DEMO_KINDS.length} workflows)`,
    'pass',
  );
  const statuses = await poll(async () => {
    const found = await Promise.all(
      ids.map(
        async (id) => (await getJson<{ task: { status: string } }>(`${appUrl}/tasker/tasks/${id}`)).body.task.status,
      ),
    );
    return found.every((status) => TERMINAL.has(status)) ? found : undefined;
  }, QUERY_TIMEOUT_MS);
  const expected = plan.map((planned) => planned.expected);
  report.add(
    'workflow execution',
    'every task finished as expected',
    JSON.stringify(statuses) === JSON.stringify(expected) ? 'pass' : 'fail',
    `statuses: ${JSON.stringify(statuses ?? 'not all finished in time')}`,
  );
  const counted = await poll(async () => {
    const result = (await promQuery(promUrl, 'sum(tasker_tasks_finished_total)')).data?.result?.[0];
    return result !== undefined && Number(result.value[1]) >= ids.length ? Number(result.value[1]) : undefined;
  }, QUERY_TIMEOUT_MS);
  report.add(
    'scrape',
    'prometheus holds the finished tasks (sum(tasker_tasks_finished_total))',
    counted === undefined ? 'fail' : 'pass',
    counted === undefined ? 'not scraped in time' : String(counted),
  );

  // 5. Every dashboard query returns data
  for (const query of dashboardQueries()) {
    let last: PromResponse | undefined;
    const series = await poll(async () => {
      last = await promQuery(promUrl, query.expr);
      const result = last.data?.result ?? [];
      return last.status === 'success' && result.length > 0 ? result.length : undefined;
    }, QUERY_TIMEOUT_MS);
    report.add(
      'dashboard queries',
      query.id,
      series === undefined ? 'fail' : 'pass',
      series === undefined
        ? `no data for ${query.expr} (${last?.error ?? last?.status ?? 'no answer'})`
        : `${series} series`,
    );
  }
}

async function run(): Promise<number> {
  const report = new Report();
  const processes: StartedProcess[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'tasker-validate-metrics-'));
  const cleanUp = async (): Promise<void> => {
    for (const started of processes.reverse()) await stopProcess(started);
    rmSync(workDir, { recursive: true, force: true });
  };
  const interrupted = (): void => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await main(report, processes, workDir);
  } catch (error) {
    report.add(
      'setup',
      'unexpected error',
      'fail',
      error instanceof Error ? (error.stack ?? error.message) : String(error),
    );
  } finally {
    await cleanUp();
  }
  report.print();
  return report.failed === 0 ? 0 : 1;
}

void run().then((code) => process.exit(code));

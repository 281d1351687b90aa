// The dashboard in a real browser (Debian's Chromium through playwright-core): a task whose middle
// step failed for good, its DAG and why its child waits, a refused retry, then a retry that completes it.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TaskerPermission, TaskView } from '../../lib';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';
import { waitFor } from '../support/wait-for';
import { ARTIFACTS, launchChromium, type Chromium } from './chromium';
import { DashboardFixtureModule, SourceSwitch } from './dashboard.fixture';

/** Refuses the permission named in the `deny` cookie: how the test plays an operator without a right. */
function authorize(request: unknown, permission: TaskerPermission): boolean {
  const { headers } = request as { headers: Record<string, string | undefined> };
  const denied = /(?:^|;\s*)deny=([^;]+)/.exec(headers.cookie ?? '')?.[1];
  return denied === undefined || decodeURIComponent(denied) !== permission;
}

describe('the dashboard in Chromium', () => {
  let app: HttpApp;
  let browser: Chromium;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    app = await createHttpApp(httpOptions(undefined, { authorize }), { imports: [DashboardFixtureModule] });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function denyInBrowser(permission: TaskerPermission | undefined): Promise<void> {
    await browser.context.clearCookies();
    if (permission !== undefined)
      await browser.context.addCookies([{ name: 'deny', value: encodeURIComponent(permission), url: app.origin }]);
  }

  it('shows the failed task, refuses a retry without the right, and completes it after a retry', async () => {
    const created = await app.tasker.createTask({
      namespace: 'dashboard',
      name: 'report',
      context: { month: '2026-11' },
    });
    const failed: TaskView = await waitFor(
      async () => {
        const task = await app.tasker.getTask(created.id);
        return task.status === 'error' ? task : undefined;
      },
      { what: 'the report task to fail' },
    );
    expect(failed.steps.map((step) => [step.name, step.status])).toEqual([
      ['prepare', 'complete'],
      ['fetch', 'error'],
      ['publish', 'pending'],
    ]);

    // The list: the task is there, failed, with a link to its page.
    await page.goto(`${app.origin}/tasker/ui`);
    const row = page.locator(`tr[data-task-id="${created.id}"]`);
    await row.locator('[data-status="error"]').waitFor();
    // The health panel (down: the one task of the last hour failed).
    await page.locator('#health [data-figure="backlog"]').waitFor();
    await expect(page.locator('#health [data-health]').getAttribute('data-health')).resolves.toBe('down');
    await expect(page.locator('#health [data-figure="concurrency limit"] .figure-value').innerText()).resolves.toMatch(
      /^[1-8]$/,
    );
    await row.locator('a').click();

    // The task page: the DAG with the failed step marked, the step's error, why its child waits.
    await page.locator('#task-status [data-status="error"]').waitFor();
    const fetchRow = page.locator('tr[data-step="fetch"]');
    const publishRow = page.locator('tr[data-step="publish"]');
    await fetchRow.and(page.locator('[data-status="error"]')).waitFor();
    await expect(fetchRow.locator('.step-error').innerText()).resolves.toContain('the report source is down');
    await expect(fetchRow.locator('.step-error').innerText()).resolves.toContain('SOURCE_DOWN');
    await expect(publishRow.locator('td.blocked').getAttribute('data-blocked')).resolves.toBe('dependencies');
    await expect(publishRow.locator('td.blocked').innerText()).resolves.toContain('waiting on fetch');
    const failedNode = page.locator('#diagram svg g.node.error');
    await failedNode.waitFor();
    await expect(failedNode.textContent()).resolves.toContain('fetch');
    await expect(page.locator('#diagram svg g.node.complete').first().textContent()).resolves.toContain('prepare');
    // Actions follow the state: retry on the failed step only; the task (failed) can be cancelled.
    await expect(fetchRow.locator('[data-action="retry"]').count()).resolves.toBe(1);
    await expect(publishRow.locator('[data-action="retry"]').count()).resolves.toBe(0);
    await expect(publishRow.locator('[data-action="resolve"]').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-step="prepare"] [data-action]').count()).resolves.toBe(0);
    await expect(page.locator('[data-action="cancel"]').count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failed.png'), fullPage: true });

    // Without tasker.step:retry the click is refused: the page says so and nothing changes.
    await denyInBrowser('tasker.step:retry');
    await fetchRow.locator('[data-action="retry"]').click();
    await page.locator('#notice:not([hidden])').waitFor();
    await expect(page.locator('#notice').innerText()).resolves.toBe(
      'Refused (403 FORBIDDEN): Not allowed: tasker.step:retry',
    );
    expect((await app.tasker.getTask(created.id)).status).toBe('error');

    // The source is back and the right granted: a retry runs fetch and publish, and the live page shows the task complete.
    app.app.get(SourceSwitch).down = false;
    await denyInBrowser(undefined);
    await fetchRow.locator('[data-action="retry"]').click();
    await page.locator('#task-status [data-status="complete"]').waitFor({ timeout: 20_000 });
    await publishRow.and(page.locator('[data-status="complete"]')).waitFor();
    await page.locator('#diagram svg g.node.complete >> text=publish').waitFor();
    await expect(page.locator('#diagram svg g.node.error').count()).resolves.toBe(0);
    await expect(page.locator('[data-action="cancel"]').count()).resolves.toBe(0);
    expect((await app.tasker.getTask(created.id)).steps.map((step) => step.status)).toEqual([
      'complete',
      'complete',
      'complete',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);

  /** Creates a report task while the source is down and waits until it has failed. */
  async function failedReport(month: string): Promise<string> {
    app.app.get(SourceSwitch).down = true;
    const created = await app.tasker.createTask({ namespace: 'dashboard', name: 'report', context: { month } });
    await waitFor(async () => (await app.tasker.getTask(created.id)).status === 'error', {
      what: `report ${month} to fail`,
    });
    return created.id;
  }

  it('resolves a failed step by hand with typed results, and cancels a failed task after asking', async () => {
    await denyInBrowser(undefined);
    const toResolve = await failedReport('2026-09');
    const toCancel = await failedReport('2026-10');

    // Resolve fetch with results of the operator's own: publish runs on them and the task completes.
    await page.goto(`${app.origin}/tasker/ui#/tasks/${toResolve}`);
    const fetchRow = page.locator('tr[data-step="fetch"]');
    await fetchRow.and(page.locator('[data-status="error"]')).waitFor();
    await fetchRow.locator('[data-action="resolve"]').click();
    await fetchRow.locator('textarea').fill('{ "rows": 5 }');
    await fetchRow.locator('[data-action="confirm-resolve"]').click();
    await page.locator('#task-status [data-status="complete"]').waitFor({ timeout: 20_000 });
    const resolved = await app.tasker.getTask(toResolve);
    expect(resolved.steps.map((step) => [step.name, step.status, step.results])).toEqual([
      ['prepare', 'complete', { ready: true }],
      ['fetch', 'resolved_manually', { rows: 5 }],
      ['publish', 'complete', { published: 5 }],
    ]);

    // Cancel asks once more; then the task is cancelled and no action is offered any more.
    await page.goto(`${app.origin}/tasker/ui#/tasks/${toCancel}`);
    await page.locator('#task-status [data-status="error"]').waitFor();
    await page.locator('[data-action="cancel"]').click();
    await page.locator('[data-action="confirm-cancel"]').click();
    await page.locator('#task-status [data-status="cancelled"]').waitFor();
    await expect(page.locator('[data-action]').count()).resolves.toBe(0);
    expect((await app.tasker.getTask(toCancel)).status).toBe('cancelled');

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 60_000);

  it('lists the handlers and filters the task list', async () => {
    await page.goto(`${app.origin}/tasker/ui#/handlers`);
    const handler = page.locator('tr[data-handler="dashboard/report@1.0.0"]');
    await handler.waitFor();
    await expect(handler.innerText()).resolves.toContain('fetches a report and publishes it');
    await expect(handler.locator('.handler-steps li').allInnerTexts()).resolves.toEqual([
      'prepare dashboard.prepare',
      'fetch dashboard.fetch after prepare',
      'publish dashboard.publish after fetch',
    ]);

    await handler.locator('a').click();
    await page.locator('table.tasks tbody tr').first().waitFor();
    expect(page.url()).toContain('#/tasks?namespace=dashboard&name=report');
    await page.locator('select[name="status"]').selectOption('cancelled');
    await page.locator('.pager >> text=1–1 of 1').waitFor();
    await expect(page.locator('table.tasks tbody tr [data-status="cancelled"]').count()).resolves.toBe(1);
    await page.locator('select[name="status"]').selectOption('pending');
    await page.locator('.pager >> text=no task').waitFor();
    await expect(page.locator('table.tasks tbody tr').count()).resolves.toBe(0);

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 60_000);
});

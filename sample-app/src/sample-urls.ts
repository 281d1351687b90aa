import type { SampleConfig } from './config/sample-config';
import { describeDatabase } from './config/sample-config';

/** The lines `npm start` prints: where everything is. */
export function startupBanner(config: SampleConfig, baseUrl: string | undefined): string[] {
  const worker = config.worker ? 'worker on' : 'worker off (TASKER_WORKER=0: API only)';
  const lines = [`Tasker sample app: ${describeDatabase(config)}, ${worker}`];
  if (baseUrl === undefined) {
    lines.push('No HTTP listener (TASKER_HTTP=0): this process only runs steps.');
    return lines;
  }
  lines.push(
    `  API        ${baseUrl}/tasker/tasks   (POST /orders starts an order)`,
    `  Dashboard  ${baseUrl}/tasker/ui`,
    `  API docs   ${baseUrl}/tasker/docs`,
    `  Health     ${baseUrl}/tasker/health/live  ${baseUrl}/tasker/health/ready`,
    `  Metrics    ${baseUrl}/metrics`,
    'Try `npm run demo` for a guided run of every workflow.',
  );
  return lines;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboard } from './build-dashboard';

/** Writes grafana/tasker.json from the query list (`npm run metrics:dashboard`). */
const target = join(__dirname, '..', '..', 'observability', 'grafana', 'tasker.json');
writeFileSync(target, `${JSON.stringify(buildDashboard(), null, 2)}\n`);
process.stdout.write(`Wrote ${target}\n`);

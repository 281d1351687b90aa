import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const JAVASCRIPT = 'application/javascript; charset=utf-8';

/** The dashboard's own files (in `assets/` next to this module, in the sources and in the built package), with their content types. */
export const DASHBOARD_FILES: Readonly<Record<string, string>> = {
  'dashboard.css': 'text/css; charset=utf-8',
  'main.js': JAVASCRIPT,
  'api.js': JAVASCRIPT,
  'dom.js': JAVASCRIPT,
  'format.js': JAVASCRIPT,
  'notice.js': JAVASCRIPT,
  'live-refresh.js': JAVASCRIPT,
  'health-panel.js': JAVASCRIPT,
  'task-list.js': JAVASCRIPT,
  'task-page.js': JAVASCRIPT,
  'step-actions.js': JAVASCRIPT,
  'handlers-page.js': JAVASCRIPT,
};

/** The name the Mermaid bundle is served under, next to the dashboard's own files. */
export const MERMAID_FILE = 'mermaid.min.js';

/**
 * What the page allows: its own scripts, styles and API only. Mermaid writes `style` attributes and
 * elements into the SVGs it draws, hence `'unsafe-inline'` for styles (never for scripts).
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Where the dashboard's own files are. */
export function dashboardDirectory(): string {
  return join(__dirname, 'assets');
}

/**
 * The Mermaid bundle (one self-contained script) of the `mermaid` package this package depends on,
 * resolved from here, so it is found wherever npm installed it: nothing is fetched from a CDN.
 */
export function mermaidBundlePath(): string {
  return require.resolve(`mermaid/dist/${MERMAID_FILE}`);
}

/** The shell page, its links to the files relative to where it is served from (`base`, e.g. `./ui/assets/`). */
export function dashboardPage(template: string, base: string): string {
  return template.replaceAll('{{assets}}', base);
}

/** The shell page's template, read once. */
export function readDashboardTemplate(): string {
  return readFileSync(join(dashboardDirectory(), 'index.html'), 'utf8');
}

// The dashboard's entry point: a hash router over three views (task list, task page, handlers),
// the health panel and live refresh.
import { mermaidGlobal } from './api.js';
import { h, replace } from './dom.js';
import { mountHandlersPage } from './handlers-page.js';
import { mountHealthPanel } from './health-panel.js';
import { notify } from './notice.js';
import { refreshWith, startLiveRefresh } from './live-refresh.js';
import { mountTaskList } from './task-list.js';
import { mountTaskPage } from './task-page.js';

/**
 * @typedef {object} View
 * @property {() => Promise<void>} refresh reads its data again and redraws
 */

/** @type {() => Promise<void>} */
let refreshHealth = () => Promise.resolve();

/** The route of the hash: `#/tasks?status=error`, `#/tasks/<id>`, `#/handlers`. */
function route() {
  const hash = window.location.hash.replace(/^#/, '') || '/tasks';
  const [path = '/tasks', query = ''] = hash.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

async function show() {
  const view = /** @type {HTMLElement} */ (document.getElementById('view'));
  const { parts, query } = route();
  const section = parts[0] === 'handlers' ? 'handlers' : 'tasks';
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.getAttribute('data-nav') === section);
  }
  notify(null);
  replace(view, h('p', { class: 'muted' }, 'Loading…'));
  /** @type {View} */
  let current;
  if (parts[0] === 'handlers') current = mountHandlersPage(view);
  else if (parts[0] === 'tasks' && parts[1]) current = mountTaskPage(view, parts[1]);
  else current = mountTaskList(view, query);
  refreshWith([() => current.refresh(), () => refreshHealth()]);
  await current.refresh();
}

function start() {
  const mermaid = mermaidGlobal();
  mermaid?.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    flowchart: { useMaxWidth: true },
  });
  refreshHealth = mountHealthPanel(/** @type {HTMLElement} */ (document.getElementById('health')));
  startLiveRefresh();
  window.addEventListener('hashchange', () => void show());
  void refreshHealth();
  void show();
}

start();

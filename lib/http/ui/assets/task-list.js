// The task list: filters (status, namespace, name) kept in the URL's hash, paging, links to task pages.
import { api, withQuery } from './api.js';
import { badge, h, replace } from './dom.js';
import { shortId, time } from './format.js';
import { describeError } from './notice.js';
/** @typedef {import('./api.js').TaskView} TaskView */
/** @typedef {import('./api.js').StepView} StepView */
/** @typedef {import('./api.js').TaskList} TaskList */

const PAGE_SIZE = 20;
const TASK_STATUSES = ['pending', 'in_progress', 'complete', 'error', 'cancelled', 'resolved_manually'];

/**
 * The hash of the list with these filters and offset.
 * @param {{ status: string, namespace: string, name: string }} filters
 * @param {number} offset
 */
function listHash(filters, offset) {
  return '#' + withQuery('/tasks', { ...filters, offset: offset > 0 ? offset : undefined });
}

/**
 * @param {TaskView} task
 */
function taskRow(task) {
  const done = task.steps.filter((/** @type {StepView} */ step) =>
    ['complete', 'resolved_manually'].includes(step.status),
  ).length;
  return h(
    'tr',
    { 'data-task-id': task.id },
    h(
      'td',
      {},
      h('a', { href: `#/tasks/${encodeURIComponent(task.id)}`, class: 'mono', title: task.id }, shortId(task.id)),
    ),
    h('td', {}, `${task.namespace}/${task.name}`, h('span', { class: 'muted' }, ` @${task.version}`)),
    h('td', {}, badge(task.status)),
    h('td', { class: 'num' }, `${done}/${task.steps.length}`),
    h('td', {}, time(task.createdAt)),
    h('td', {}, time(task.updatedAt)),
  );
}

/**
 * Mounts the list in `container`, filtered and paged by `query` (from the hash).
 * @param {HTMLElement} container
 * @param {URLSearchParams} query
 */
export function mountTaskList(container, query) {
  const filters = {
    status: query.get('status') ?? '',
    namespace: query.get('namespace') ?? '',
    name: query.get('name') ?? '',
  };
  const offset = Math.max(0, Number.parseInt(query.get('offset') ?? '0', 10) || 0);

  const status = h(
    'select',
    { name: 'status', 'aria-label': 'status' },
    h('option', { value: '' }, 'any status'),
    ...TASK_STATUSES.map((value) =>
      h('option', { value, selected: value === filters.status }, value.replaceAll('_', ' ')),
    ),
  );
  const namespace = h('input', { name: 'namespace', placeholder: 'namespace', value: filters.namespace });
  const name = h('input', { name: 'name', placeholder: 'name', value: filters.name });
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (/** @type {Event} */ event) => {
        event.preventDefault();
        const value = (/** @type {Element} */ field) => /** @type {HTMLInputElement} */ (field).value.trim();
        window.location.hash = listHash({ status: value(status), namespace: value(namespace), name: value(name) }, 0);
      },
    },
    status,
    namespace,
    name,
    h('button', { type: 'submit' }, 'Filter'),
  );
  status.addEventListener('change', () => /** @type {HTMLFormElement} */ (form).requestSubmit());
  const body = h('div', { class: 'task-list' });
  const root = h('section', {}, h('h1', {}, 'Tasks'), form, body);
  replace(container, root);

  return {
    async refresh() {
      let page;
      try {
        page = /** @type {TaskList} */ (await api(withQuery('/tasks', { ...filters, limit: PAGE_SIZE, offset })));
      } catch (error) {
        replace(body, h('p', { class: 'error', 'data-error': 'list' }, describeError(error)));
        return;
      }
      const last = Math.min(offset + page.tasks.length, page.total);
      const pager = h(
        'div',
        { class: 'pager' },
        offset > 0
          ? h('a', { href: listHash(filters, Math.max(0, offset - PAGE_SIZE)), rel: 'prev' }, '← newer')
          : null,
        h('span', { class: 'muted' }, page.total === 0 ? 'no task' : `${offset + 1}–${last} of ${page.total}`),
        last < page.total ? h('a', { href: listHash(filters, offset + PAGE_SIZE), rel: 'next' }, 'older →') : null,
      );
      const table = h(
        'table',
        { class: 'tasks' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['task', 'type', 'status', 'steps done', 'created', 'updated'].map((title) => h('th', {}, title)),
          ),
        ),
        h('tbody', {}, ...page.tasks.map(taskRow)),
      );
      replace(body, table, pager);
    },
  };
}

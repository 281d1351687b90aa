// The registered task handlers (GET /handlers): what this deployment can run, with each step's handler and parents.
import { api } from './api.js';
import { h, replace } from './dom.js';
import { describeError } from './notice.js';
/** @typedef {import('./api.js').HandlerSummary} HandlerSummary */

/**
 * Mounts the handlers page in `container`.
 * @param {HTMLElement} container
 */
export function mountHandlersPage(container) {
  const body = h('div', {});
  replace(container, h('section', {}, h('h1', {}, 'Task handlers'), body));
  return {
    async refresh() {
      let answer;
      try {
        answer = /** @type {{ handlers: HandlerSummary[] }} */ (await api('/handlers'));
      } catch (error) {
        replace(body, h('p', { class: 'error', 'data-error': 'handlers' }, describeError(error)));
        return;
      }
      if (answer.handlers.length === 0) {
        replace(body, h('p', { class: 'muted' }, 'No task handler is registered.'));
        return;
      }
      const rows = answer.handlers.map((handler) =>
        h(
          'tr',
          { 'data-handler': `${handler.namespace}/${handler.name}@${handler.version}` },
          h(
            'td',
            {},
            h(
              'a',
              {
                href:
                  '#' +
                  `/tasks?namespace=${encodeURIComponent(handler.namespace)}&name=${encodeURIComponent(handler.name)}`,
              },
              `${handler.namespace}/${handler.name}`,
            ),
          ),
          h('td', {}, handler.version),
          h('td', {}, handler.description ?? ''),
          h(
            'td',
            {},
            h(
              'ol',
              { class: 'handler-steps' },
              ...handler.steps.map((step) =>
                h(
                  'li',
                  {},
                  h('strong', {}, step.name),
                  h('span', { class: 'muted' }, ` ${step.handler}`),
                  step.dependsOn.length > 0
                    ? h('span', { class: 'muted' }, ` after ${step.dependsOn.join(', ')}`)
                    : null,
                ),
              ),
            ),
          ),
        ),
      );
      replace(
        body,
        h(
          'table',
          { class: 'handlers' },
          h(
            'thead',
            {},
            h('tr', {}, ...['task', 'version', 'description', 'steps'].map((title) => h('th', {}, title))),
          ),
          h('tbody', {}, ...rows),
        ),
      );
    },
  };
}

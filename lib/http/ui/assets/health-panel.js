// The health panel: the concurrency limit, steps in flight and the backlog, from GET /health/status.
import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';

/**
 * What the panel reads of GET /health/status (the terminus result's `details.tasker`).
 * @typedef {object} TaskerHealthFacts
 * @property {string} [status]
 * @property {string} [message]
 * @property {{ limit: number, min: number, max: number, inFlight: number }} [concurrency]
 * @property {Record<string, number>} [steps]
 * @property {Record<string, number>} [tasks]
 * @property {unknown[]} [problems]
 * @typedef {{ details?: { tasker?: TaskerHealthFacts } }} HealthStatus
 */

/**
 * @param {string} label
 * @param {string | number} value
 * @param {string} [title]
 */
function figure(label, value, title) {
  return h(
    'div',
    { class: 'figure', title, 'data-figure': label },
    h('span', { class: 'figure-value' }, value),
    h('span', { class: 'figure-label' }, label),
  );
}

/**
 * Draws the panel into `panel`; answers the function that reads the status again.
 * @param {HTMLElement} panel
 * @returns {() => Promise<void>}
 */
export function mountHealthPanel(panel) {
  return async () => {
    try {
      // 503 when a threshold is crossed: the body is still the status, with its problems.
      const result = /** @type {HealthStatus | undefined} */ (await api('/health/status', { acceptStatuses: [503] }));
      const facts = result?.details?.tasker ?? {};
      if (facts.concurrency === undefined) {
        replace(
          panel,
          h('span', { class: 'health-state down' }, 'down'),
          h('span', { class: 'muted' }, String(facts.message ?? 'no status')),
        );
        return;
      }
      const steps = facts.steps ?? {};
      const backlog = (steps.pending ?? 0) + (steps.waiting_for_retry ?? 0);
      const problems = Array.isArray(facts.problems) ? facts.problems : [];
      replace(
        panel,
        h(
          'span',
          { class: `health-state ${facts.status === 'up' ? 'up' : 'down'}`, 'data-health': facts.status },
          facts.status,
        ),
        figure(
          'concurrency limit',
          facts.concurrency.limit,
          `between ${facts.concurrency.min} and ${facts.concurrency.max}`,
        ),
        figure('in flight', facts.concurrency.inFlight, 'steps running in this process'),
        figure('backlog', backlog, 'steps pending or waiting for a retry'),
        figure('tasks running', facts.tasks?.in_progress ?? 0),
        figure('tasks failed', facts.tasks?.error ?? 0),
        problems.length > 0 ? h('span', { class: 'health-problems' }, problems.map(String).join('; ')) : null,
      );
    } catch (error) {
      const text = error instanceof ApiError ? error.describe() : String(error);
      replace(panel, h('span', { class: 'muted', 'data-health': 'unknown' }, `Health: ${text}`));
    }
  };
}

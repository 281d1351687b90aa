// One task: its DAG drawn by Mermaid (coloured by step status), each step's status, attempts,
// timings, last error and why it is not running (GET /tasks/:id/explain), and the operator actions.
import { api, mermaidGlobal } from './api.js';
import { badge, h, replace } from './dom.js';
import { duration, json, time } from './format.js';
import { describeError } from './notice.js';
import { canCancel, cancelControl, stepControls } from './step-actions.js';
/** @typedef {import('./api.js').TaskView} TaskView */
/** @typedef {import('./api.js').StepView} StepView */
/** @typedef {import('./api.js').TaskExplanation} TaskExplanation */
/** @typedef {import('./api.js').StepExplanation} StepExplanation */

/** Why a step does not run, in words, from its explanation. */
const BLOCKED = {
  none: 'ready to run',
  dependencies: 'waiting on',
  backoff: 'backing off',
  retries_exhausted: 'failed for good (no attempts left, or not retryable): retry or resolve it',
  in_progress: 'running',
  finished: 'finished',
  cancelled: 'cancelled',
  concurrency: 'ready; at the concurrency limit',
};

let diagramCount = 0;

/**
 * The blocked reason of a step, as text.
 * @param {StepExplanation} explanation the step's entry of GET /tasks/:id/explain
 */
function blockedText(explanation) {
  const words = BLOCKED[/** @type {keyof typeof BLOCKED} */ (explanation.blockedBy)] ?? explanation.blockedBy;
  if (explanation.blockedBy === 'dependencies') {
    const parents = explanation.waitingOn.length > 0 ? explanation.waitingOn.join(', ') : 'its parents';
    return `${words} ${parents} (${explanation.completedParents}/${explanation.totalParents} done)`;
  }
  if (explanation.blockedBy === 'backoff' && explanation.nextRetryAt)
    return `${words} until ${time(explanation.nextRetryAt)}`;
  return words;
}

/**
 * @param {StepView} step
 */
function errorCell(step) {
  if (!step.error) return h('td', { class: 'muted' }, '—');
  const kind = [step.error.type, step.error.code].filter(Boolean).join(' · ');
  return h('td', { class: 'step-error' }, h('div', {}, step.error.message), h('div', { class: 'muted small' }, kind));
}

/**
 * @param {StepView} step
 */
function timingCell(step) {
  if (!step.lastAttemptedAt && !step.nextRetryAt) return h('td', { class: 'small muted' }, 'not run yet');
  const lines = [h('div', {}, `last attempt ${time(step.lastAttemptedAt)}`)];
  if (step.completedAt)
    lines.push(
      h('div', {}, `finished ${time(step.completedAt)} (${duration(step.lastAttemptedAt, step.completedAt)})`),
    );
  else if (step.status === 'in_progress') lines.push(h('div', {}, `running for ${duration(step.lastAttemptedAt)}`));
  if (step.nextRetryAt) lines.push(h('div', {}, `next retry ${time(step.nextRetryAt)}`));
  return h('td', { class: 'small' }, ...lines);
}

/**
 * Draws `text` with Mermaid into `target`, unless it already shows it.
 * @param {HTMLElement} target
 * @param {string} text
 */
async function drawDiagram(target, text) {
  if (target.dataset.source === text) return;
  const mermaid = mermaidGlobal();
  if (!mermaid) {
    replace(target, h('pre', {}, text));
    target.dataset.source = text;
    return;
  }
  try {
    diagramCount += 1;
    const { svg } = await mermaid.render(`tasker-diagram-${diagramCount}`, text);
    // Mermaid's own output, sanitized by it (securityLevel strict); step names are escaped in the text.
    target.innerHTML = svg;
    target.dataset.source = text;
    target.dataset.rendered = 'true';
  } catch (error) {
    replace(
      target,
      h('p', { class: 'error' }, `The diagram could not be drawn: ${describeError(error)}`),
      h('pre', {}, text),
    );
    target.dataset.source = text;
  }
}

/**
 * Mounts the page of task `id` in `container`.
 * @param {HTMLElement} container
 * @param {string} id
 */
export function mountTaskPage(container, id) {
  const path = `/tasks/${encodeURIComponent(id)}`;
  const header = h('div', { class: 'task-header' });
  const problems = h('div', { class: 'task-problems' });
  const diagram = h('div', { class: 'diagram', id: 'diagram' });
  const steps = h('div', { class: 'steps' });
  const details = h('div', { class: 'task-details' });
  const root = h(
    'section',
    { class: 'task-page', 'data-task-id': id },
    h('a', { href: '#/tasks', class: 'back' }, '← Tasks'),
    header,
    problems,
    h('h2', {}, 'Steps'),
    diagram,
    steps,
    details,
  );
  replace(container, root);
  /** @type {Map<string, HTMLElement>} */
  const resolveForms = new Map();
  /** @type {TaskExplanation | null} */
  let explanation = null;
  /** @type {string | null} */
  let explainRefusal = null;
  // Kept across redraws while the task can be cancelled, so a pending confirmation survives a refresh.
  /** @type {HTMLElement | null} */
  let cancelBox = null;

  const actions = {
    /** @param {TaskView} task */
    done(task) {
      draw(task);
      // The answer is the task right after the action; read the rest (and what follows) again.
      void page.refresh();
    },
  };

  /**
   * @param {TaskView} task
   */
  function draw(task) {
    if (!canCancel(task)) cancelBox = null;
    else cancelBox ??= cancelControl(task, actions);
    const byName = new Map((explanation?.steps ?? []).map((step) => [step.name, step]));
    replace(
      header,
      h(
        'h1',
        {},
        `${task.namespace}/${task.name}`,
        h('span', { class: 'muted' }, ` @${task.version} `),
        h('span', { id: 'task-status', 'data-status': task.status }, badge(task.status)),
      ),
      h(
        'dl',
        { class: 'meta' },
        ...[
          ['id', task.id],
          ['created', time(task.createdAt)],
          ['updated', time(task.updatedAt)],
          [
            'finished',
            task.completedAt ? `${time(task.completedAt)} (took ${duration(task.createdAt, task.completedAt)})` : '—',
          ],
          [
            'progress',
            explanation
              ? `${explanation.completedSteps}/${explanation.totalSteps} steps · ${explanation.executionStatus.replaceAll('_', ' ')}`
              : '—',
          ],
          ['initiator', task.initiator ?? '—'],
          ['source', task.sourceSystem ?? '—'],
          ['reason', task.reason ?? '—'],
          ['tags', task.tags.length > 0 ? task.tags.join(', ') : '—'],
          ['idempotency key', task.idempotencyKey ?? '—'],
        ].flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
      ),
      cancelBox,
    );
    replace(
      problems,
      explainRefusal
        ? h('p', { class: 'muted', 'data-error': 'explain' }, `Why steps wait is not shown: ${explainRefusal}`)
        : null,
    );
    const rows = task.steps.map((step) => {
      const why = byName.get(step.name);
      return h(
        'tr',
        { 'data-step': step.name, 'data-status': step.status },
        h(
          'td',
          {},
          h('strong', {}, step.name),
          step.dependsOn.length > 0 ? h('div', { class: 'muted small' }, `after ${step.dependsOn.join(', ')}`) : null,
        ),
        h('td', {}, badge(step.status)),
        h('td', { class: 'num' }, `${step.attempts}/${step.maxAttempts}`),
        timingCell(step),
        errorCell(step),
        h('td', { class: 'blocked', 'data-blocked': why?.blockedBy ?? '' }, why ? blockedText(why) : '—'),
        h('td', {}, stepControls(task, step, actions, resolveForms)),
      );
    });
    replace(
      steps,
      h(
        'table',
        { class: 'steps-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['step', 'status', 'attempts', 'timings', 'last error', 'why', 'actions'].map((title) =>
              h('th', {}, title),
            ),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
    replace(details, h('details', {}, h('summary', {}, 'Context'), h('pre', {}, json(task.context))));
  }

  const page = {
    async refresh() {
      let task;
      let mermaidText;
      try {
        const [shown, drawn, explained] = await Promise.all([
          api(path),
          api(`${path}/diagram`),
          api(`${path}/explain`).then(
            (value) => ({ value, refusal: null }),
            (error) => ({ value: null, refusal: describeError(error) }),
          ),
        ]);
        task = /** @type {{ task: TaskView }} */ (shown).task;
        mermaidText = /** @type {{ mermaid: string }} */ (drawn).mermaid;
        explanation = /** @type {TaskExplanation | null} */ (explained.value);
        explainRefusal = explained.refusal;
      } catch (error) {
        replace(header, h('h1', {}, 'Task'), h('p', { class: 'error', 'data-error': 'task' }, describeError(error)));
        return;
      }
      draw(task);
      await drawDiagram(diagram, mermaidText);
    },
  };
  return page;
}

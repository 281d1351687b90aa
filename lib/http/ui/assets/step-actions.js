// Operator actions of the task page, offered only where the state allows them (the same rules as
// the API's): cancel a pending, running or failed task; retry a failed step; resolve a pending,
// waiting or failed step. A refusal (403) or a refused transition (422) is shown, not thrown.
import { api } from './api.js';
import { h } from './dom.js';
import { describeError, notify } from './notice.js';
/** @typedef {import('./api.js').TaskView} TaskView */
/** @typedef {import('./api.js').StepView} StepView */

const CANCELLABLE = ['pending', 'in_progress', 'error'];
const RESOLVABLE = ['pending', 'waiting_for_retry', 'error'];

/**
 * @typedef {object} Actions
 * @property {(task: TaskView) => void} done the action's answer: the task as it is now
 */

/**
 * Whether the task can be cancelled.
 * @param {TaskView} task
 */
export function canCancel(task) {
  return CANCELLABLE.includes(task.status);
}

/**
 * Whether the step can be retried.
 * @param {TaskView} task
 * @param {StepView} step
 */
export function canRetry(task, step) {
  return task.status !== 'cancelled' && step.status === 'error';
}

/**
 * Whether the step can be resolved by hand.
 * @param {TaskView} task
 * @param {StepView} step
 */
export function canResolve(task, step) {
  return task.status !== 'cancelled' && RESOLVABLE.includes(step.status);
}

/**
 * Runs one action with its buttons disabled; its answer goes to `done`, an error to the notice bar.
 * @param {HTMLElement[]} buttons
 * @param {() => Promise<unknown>} call
 * @param {Actions} actions
 * @param {string} success
 */
async function act(buttons, call, actions, success) {
  for (const button of buttons) button.setAttribute('disabled', '');
  try {
    const answer = /** @type {{ task: TaskView }} */ (await call());
    notify(success, 'info');
    actions.done(answer.task);
  } catch (error) {
    notify(describeError(error));
  } finally {
    for (const button of buttons) button.removeAttribute('disabled');
  }
}

/**
 * The cancel button, asking once more before it acts.
 * @param {TaskView} task
 * @param {Actions} actions
 */
export function cancelControl(task, actions) {
  const path = `/tasks/${encodeURIComponent(task.id)}`;
  const box = h('span', { class: 'actions' });
  const ask = h('button', { type: 'button', class: 'danger', 'data-action': 'cancel' }, 'Cancel task');
  const yes = h('button', { type: 'button', class: 'danger', 'data-action': 'confirm-cancel' }, 'Yes, cancel it');
  const no = h('button', { type: 'button' }, 'Keep it');
  const confirmRow = h('span', { class: 'confirm', hidden: true }, 'Cancel this task? ', yes, no);
  ask.addEventListener('click', () => {
    confirmRow.hidden = false;
    ask.hidden = true;
  });
  no.addEventListener('click', () => {
    confirmRow.hidden = true;
    ask.hidden = false;
  });
  yes.addEventListener('click', () => {
    void act([yes, no], () => api(path, { method: 'DELETE' }), actions, 'Task cancelled.');
  });
  box.append(ask, confirmRow);
  return box;
}

/**
 * The retry and resolve controls of a step. `resolveForms` keeps an open resolve form (and what was
 * typed in it) across redraws.
 * @param {TaskView} task
 * @param {StepView} step
 * @param {Actions} actions
 * @param {Map<string, HTMLElement>} resolveForms
 */
export function stepControls(task, step, actions, resolveForms) {
  const path = `/tasks/${encodeURIComponent(task.id)}/steps/${encodeURIComponent(step.name)}`;
  const box = h('div', { class: 'actions' });
  if (canRetry(task, step)) {
    const retry = h('button', { type: 'button', 'data-action': 'retry' }, 'Retry');
    retry.addEventListener('click', () => {
      void act([retry], () => api(`${path}/retry`, { method: 'POST' }), actions, `Step ${step.name} retried.`);
    });
    box.append(retry);
  }
  if (canResolve(task, step)) {
    const open = h('button', { type: 'button', 'data-action': 'resolve' }, 'Resolve…');
    open.addEventListener('click', () => {
      if (!resolveForms.has(step.name))
        resolveForms.set(step.name, resolveForm(path, step.name, actions, resolveForms));
      actions.done(task);
    });
    box.append(open);
    const form = resolveForms.get(step.name);
    if (form) box.append(form);
  } else {
    resolveForms.delete(step.name);
  }
  return box;
}

/**
 * The form that resolves a step with results typed as JSON (empty: null).
 * @param {string} path
 * @param {string} stepName
 * @param {Actions} actions
 * @param {Map<string, HTMLElement>} resolveForms
 */
function resolveForm(path, stepName, actions, resolveForms) {
  const results = /** @type {HTMLTextAreaElement} */ (
    h('textarea', { rows: 3, placeholder: 'results as JSON (empty: null)', 'aria-label': `results of ${stepName}` })
  );
  const submit = h('button', { type: 'submit', 'data-action': 'confirm-resolve' }, 'Resolve');
  const close = h('button', { type: 'button' }, 'Close');
  const form = h('form', { class: 'resolve-form' }, results, submit, close);
  close.addEventListener('click', () => {
    resolveForms.delete(stepName);
    form.remove();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let value = null;
    try {
      value = results.value.trim() === '' ? null : JSON.parse(results.value);
    } catch (error) {
      notify(`The results are not JSON: ${describeError(error)}`);
      return;
    }
    void act(
      [submit, close],
      async () => {
        const answer = await api(`${path}/resolve`, { method: 'POST', body: { results: value } });
        resolveForms.delete(stepName);
        return answer;
      },
      actions,
      `Step ${stepName} resolved.`,
    );
  });
  return form;
}

// Live refresh: the current view and the health panel are read again every few seconds while the
// toggle is on and the tab is visible. One refresh at a time: the next is scheduled when one ends.

const POLL_MS = 3000;
const STORAGE_KEY = 'tasker.dashboard.live';

/** @type {Array<() => Promise<void>>} */
let refreshers = [];
let timer = 0;
let running = false;

/** @returns {HTMLInputElement} */
function toggle() {
  return /** @type {HTMLInputElement} */ (document.getElementById('live-toggle'));
}

/** Whether live refresh is on. */
export function isLive() {
  return toggle().checked;
}

function showState() {
  const state = document.getElementById('live-state');
  if (state) state.textContent = isLive() ? `every ${POLL_MS / 1000} s` : 'paused';
  document.body.dataset.live = isLive() ? 'on' : 'off';
}

function schedule() {
  window.clearTimeout(timer);
  if (isLive()) timer = window.setTimeout(() => void tick(), POLL_MS);
}

async function tick() {
  if (running) return;
  if (document.visibilityState === 'hidden') return schedule();
  running = true;
  try {
    await Promise.all(refreshers.map((refresh) => refresh().catch(() => undefined)));
  } finally {
    running = false;
    schedule();
  }
}

/**
 * Sets what each tick refreshes (the current view and the health panel).
 * @param {Array<() => Promise<void>>} list
 */
export function refreshWith(list) {
  refreshers = list;
  schedule();
}

/** Wires the toggle (its state kept across visits) and starts ticking. */
export function startLiveRefresh() {
  const input = toggle();
  input.checked = window.localStorage.getItem(STORAGE_KEY) !== 'off';
  input.addEventListener('change', () => {
    window.localStorage.setItem(STORAGE_KEY, input.checked ? 'on' : 'off');
    showState();
    if (input.checked) void tick();
    else window.clearTimeout(timer);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && isLive()) void tick();
  });
  showState();
  schedule();
}

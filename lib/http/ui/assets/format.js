// How values are shown.

/**
 * A timestamp in the browser's locale, or a dash.
 * @param {string | null | undefined} iso
 */
export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * How long from `from` to `to` (or now): `850 ms`, `12.4 s`, `3 min 5 s`, `2 h 4 min`.
 * @param {string | null | undefined} from
 * @param {string | null | undefined} [to]
 */
export function duration(from, to) {
  if (!from) return '—';
  const ms = (to ? Date.parse(to) : Date.now()) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.floor((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * The first characters of a UUID, enough to tell tasks apart on a page.
 * @param {string} id
 */
export function shortId(id) {
  return id.slice(0, 8);
}

/**
 * Any JSON value as indented text.
 * @param {unknown} value
 */
export function json(value) {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

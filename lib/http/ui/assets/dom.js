// Small DOM helpers. Text always goes in as text (never as HTML): task data is user input.

/**
 * An element: `h('a', { href: '#/x', class: 'link' }, 'text', child)`. Attributes named `on…` with a
 * function value become listeners; `false`, `null` and `undefined` attributes and children are skipped.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * Appends children (nodes or text) to `parent`.
 * @param {Node} parent
 * @param {Array<Node | string | number | null | undefined | false>} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces the content of `parent` with `children`.
 * @param {Element} parent
 * @param {...(Node | string | null | undefined | false)} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A status badge: `<span class="badge status-error">error</span>`.
 * @param {string} status
 */
export function badge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, status.replaceAll('_', ' '));
}

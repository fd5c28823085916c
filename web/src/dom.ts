/**
 * Small DOM builders. Text always goes in through text nodes, never as markup: the data
 * shown on this page comes from whoever recorded it and may contain anything.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Attributes {
  class?: string;
  id?: string;
  title?: string;
  [name: string]: string | undefined;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (name === 'href' || name === 'src' || name.startsWith('on')) {
      throw new Error(`set ${name} through its own helper`);
    }
    element.setAttribute(name, value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A link to a source; only http and https are followed, anything else stays plain text. */
export function sourceLink(url: string | undefined, label: string): HTMLElement {
  if (!url || !isWebUrl(url)) return el('span', {}, label);
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener noreferrer';
  link.target = '_blank';
  link.textContent = label;
  return link;
}

export function isWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A table with a caption and column headers; rows are lists of cells. */
export function table(caption: string, headers: string[], rows: Child[][], className = 'data'): HTMLTableElement {
  const head = el('tr', {}, ...headers.map((h) => el('th', { scope: 'col' }, h)));
  const body = el(
    'tbody',
    {},
    ...rows.map((cells) => el('tr', {}, ...cells.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell))))),
  );
  return el('table', { class: className }, el('caption', {}, caption), el('thead', {}, head), body);
}

/** Wraps a table so it scrolls sideways on a narrow window instead of breaking the layout. */
export function scroller(content: HTMLElement, label: string): HTMLElement {
  return el('div', { class: 'scroller', role: 'region', 'aria-label': label, tabindex: '0' }, content);
}

export function badge(text: string, kind: string): HTMLElement {
  return el('span', { class: `badge badge-${kind.replace(/[^a-z0-9-]/gi, '')}` }, text);
}

export function button(label: string, onClick: () => void, attributes: Attributes = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attributes }, label);
  b.addEventListener('click', onClick);
  return b;
}

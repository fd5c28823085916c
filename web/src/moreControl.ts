/** The "Show more" control under a paged panel's table. */
import { describe } from './alerts.js';
import { el } from './dom.js';
import type { PagedItems } from './pagedItems.js';

/**
 * The button that reads the next page of `items` and renders again; null at the end of the
 * list. A failed read is said beside it, and the button stays to try again.
 */
export function moreControl<T>(items: PagedItems<T>, name: string, render: () => void): HTMLElement | null {
  if (!items.hasMore) return null;
  const button = el('button', { type: 'button', class: 'secondary more', 'data-more': name }, 'Show more');
  const status = el('span', { class: 'more-status', role: 'status' }, `${items.items.length} shown; there are more at this cut.`);
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = 'Loading…';
    items.more().then(
      (applied) => {
        if (applied) render();
      },
      (error: unknown) => {
        button.disabled = false;
        status.textContent = `Could not load more: ${describe(error)}`;
      },
    );
  });
  return el('p', { class: 'more-row' }, button, ' ', status);
}

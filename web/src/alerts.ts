/**
 * The visible `role="alert"` region: every failed request is said here in words, one line
 * per panel, and cleared when that panel next loads without error. The region stays in
 * the page (empty when all is well) so assistive technology announces what is added.
 */
import { ApiError } from './api.js';
import { el } from './dom.js';

export class Alerts {
  private readonly lines = new Map<string, HTMLElement>();

  constructor(private readonly region: HTMLElement) {}

  show(context: string, error: unknown): void {
    const text = `${context}: ${describe(error)}`;
    let line = this.lines.get(context);
    if (!line) {
      line = el('p', { class: 'alert-line' });
      this.lines.set(context, line);
      this.region.append(line);
    }
    line.textContent = text;
  }

  clear(context: string): void {
    this.lines.get(context)?.remove();
    this.lines.delete(context);
  }
}

export function describe(error: unknown): string {
  if (error instanceof ApiError) return error.describe();
  if (error instanceof Error) return error.message;
  return String(error);
}

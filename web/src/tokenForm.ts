/**
 * Asks for an access token with a labelled form when the server answers 401, and keeps it
 * in sessionStorage only (gone when the tab closes). Requests that fail together wait on
 * the same question, so the user is asked once.
 */
import type { TokenProvider } from './api.js';

const KEY = 'parley.token';

export interface TokenFormElements {
  panel: HTMLElement;
  form: HTMLFormElement;
  input: HTMLInputElement;
  message: HTMLElement;
  forget: HTMLButtonElement;
}

export class TokenForm implements TokenProvider {
  private pending: Promise<string> | undefined;
  private resolvePending: ((token: string) => void) | undefined;

  constructor(
    private readonly elements: TokenFormElements,
    private readonly storage: Storage,
  ) {
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = elements.input.value.trim();
      if (!token) return;
      this.storage.setItem(KEY, token);
      elements.input.value = '';
      elements.panel.hidden = true;
      this.showForget();
      const resolve = this.resolvePending;
      this.pending = undefined;
      this.resolvePending = undefined;
      resolve?.(token);
    });
    elements.forget.addEventListener('click', () => {
      this.storage.removeItem(KEY);
      this.showForget();
      window.location.reload();
    });
    this.showForget();
  }

  current(): string | undefined {
    return this.storage.getItem(KEY) ?? undefined;
  }

  ask(rejected: boolean): Promise<string> {
    if (this.pending) return this.pending;
    if (rejected) this.storage.removeItem(KEY);
    const { panel, input, message } = this.elements;
    message.textContent = rejected
      ? 'That token was not accepted. Enter a valid access token.'
      : 'This Parley server needs an access token to show its data.';
    panel.hidden = false;
    this.showForget();
    input.focus();
    this.pending = new Promise<string>((resolve) => {
      this.resolvePending = resolve;
    });
    return this.pending;
  }

  private showForget(): void {
    this.elements.forget.hidden = this.current() === undefined;
  }
}

/** Download of the table on screen as a CSV file (see csv.ts for the format). */
import { toCsv } from './csv.js';
import { downloadText } from './download.js';

/** Offers the text as a file download. */
export function downloadCsv(filename: string, csv: string): void {
  downloadText(filename, csv, 'text/csv;charset=utf-8');
}

/** A labelled "Export CSV" button that exports what `rows()` returns at the moment of the click. */
export function exportButton(label: string, filename: () => string, headers: string[], rows: () => unknown[][]): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'export';
  button.textContent = `Export ${label} as CSV`;
  button.addEventListener('click', () => downloadCsv(filename(), toCsv(headers, rows())));
  return button;
}

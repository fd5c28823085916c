/** Download of the table on screen as a CSV file (see csv.ts for the format). */
import { toCsv } from './csv.js';

/** Offers the text as a file download. */
export function downloadCsv(filename: string, csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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

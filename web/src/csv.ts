/**
 * CSV export of the table on screen (RFC 4180 quoting). A cell that a spreadsheet would
 * read as a formula (starting with = + - @, or a tab or carriage return) gets a leading
 * single quote, so hostile text stays text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return [headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

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

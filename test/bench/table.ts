import { cpus, totalmem } from 'node:os';

/** One line of the bench table. */
export interface Row {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean;
}

/** A reference row: a measurement with no target of its own (raw ceilings, information). */
export function info(name: string, value: string, note = ''): Row {
  return { name, value, target: note, ok: true };
}

export function atLeast(name: string, measured: number, target: number, unit: string, digits = 0): Row {
  const text = (value: number) => (digits > 0 ? value.toFixed(digits) : grouped(value));
  return { name, value: `${text(measured)} ${unit}`, target: `≥ ${text(target)} ${unit}`, ok: measured >= target };
}

export function atMost(name: string, measured: number, target: number, unit: string, digits = 0): Row {
  return { name, value: `${measured.toFixed(digits)} ${unit}`, target: `≤ ${target} ${unit}`, ok: measured <= target };
}

export function missing(name: string, why: string): Row {
  return { name, value: 'missing', target: why, ok: false };
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

export function grouped(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** The value at quantile q (0–1) of the samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export function machineLine(): string {
  const cores = cpus();
  return `machine: ${cores[0]?.model.trim() ?? 'unknown cpu'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}, ${process.platform}/${process.arch}`;
}

/** The table, rows in order: name, value, target and ok/MISS (blank for reference rows). */
export function formatTable(rows: readonly Row[]): string {
  const status = (row: Row) => (row.ok ? (row.target.startsWith('≥') || row.target.startsWith('≤') ? 'ok' : '') : 'MISS');
  const cells = rows.map((row) => [row.name, row.value, row.target, status(row)]);
  const header = ['measurement', 'value', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => c.map((cell, i) => (i === 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export type Cell = string | number;

/** Thousands separators for big figures, two decimals for small ones. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

/** Prints rows as an aligned plain-text table; columns holding numbers are right-aligned. */
export function printTable(headers: readonly string[], rows: readonly Cell[][], write: (line: string) => void = console.log): void {
  const text = rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => (row[column] ?? '').length)));
  const numeric = headers.map((_, column) => rows.some((row) => typeof row[column] === 'number'));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  write(line(headers));
  write(widths.map((width) => '-'.repeat(width)).join('  '));
  text.forEach((row) => write(line(row)));
}

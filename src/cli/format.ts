import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';

export type OutputFormat = 'table' | 'csv' | 'json';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(2);
  return String(value);
}

export function formatRows(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: string[],
  format: OutputFormat,
): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    return stringify(
      rows.map((r) =>
        columns.map((c) => (typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : r[c])),
      ),
      { header: true, columns },
    );
  }
  const table = new Table({ head: columns, style: { head: [], border: [], compact: true } });
  for (const row of rows) table.push(columns.map((c) => cell(row[c])));
  return `${table.toString()}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}

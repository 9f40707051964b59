import { stringify } from 'csv-stringify/sync';

/** Characters that make Excel, LibreOffice or Sheets read a cell as a formula (OWASP CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * A text cell that a spreadsheet would evaluate gets a leading apostrophe, so it shows as text. Numbers are
 * left alone: a negative number is data, and spreadsheets never run it.
 */
export function neutraliseCell(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : String(value);
  return formulaStart.test(text) ? `'${text}` : text;
}

/**
 * CSV in UTF-8 with a byte-order mark (Excel then reads accents right), a header row, RFC 4180 quoting by
 * csv-stringify, and every text cell neutralised.
 */
export function safeCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return stringify(
    rows.map((row) => columns.map((c) => neutraliseCell(row[c]))),
    { header: true, columns: [...columns], bom: true, record_delimiter: 'windows' },
  );
}

import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isValidTimeZone, parseTimestamp } from '../../transforms/timestamps.ts';
import { DataError } from '../errors/index.ts';
import { columnAt, invalidUtf8Lines, stripBom } from './encoding.ts';
import { type SampleColumnName, sampleColumnNames } from './template.ts';

/** One readable sample row: only the fields the reviewer filled in are present (empty = not reviewed). */
export interface SampleRow {
  line: number;
  reference: string;
  values: SampleValues;
  notes: string | null;
}

export type SampleSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export interface SampleValues {
  detected_at?: Date;
  acknowledged_at?: Date;
  resolved_at?: Date;
  severity?: SampleSeverity;
  team?: string;
  root_cause?: string;
  is_external?: boolean;
}

/** A row that could not be read: where (line and CSV column, both 1-based) and what was expected. */
export interface SampleIssue {
  line: number;
  column: number | null;
  field: string | null;
  reference: string | null;
  message: string;
}

export interface ParsedSamples {
  rows: SampleRow[];
  issues: SampleIssue[];
  /** Data rows in the file (header and blank lines excluded), readable or not. */
  rowsRead: number;
}

export interface ParseSamplesOptions {
  /** Named in every message. */
  file: string;
  /** Zone of local times in rows whose timezone cell is empty (--timezone). */
  timezone?: string;
}

/**
 * Reads a manual-sample CSV. A bad header (no reference column, an unknown column) stops everything with a
 * DataError naming line 1 and the column; a bad row becomes an issue naming its line and column and the
 * other rows are still read.
 */
export function parseSamples(bytes: Uint8Array, options: ParseSamplesOptions): ParsedSamples {
  const body = stripBom(bytes);
  const badLines = invalidUtf8Lines(body);
  const records = readRecords(new TextDecoder('utf-8').decode(body), options.file);
  const header = records.shift();
  if (!header)
    throw new DataError(`${options.file}: the file is empty; expected a header line (see --template)`);
  const columns = checkHeader(header.record, options.file);
  const issues: SampleIssue[] = [];
  const rows: SampleRow[] = [];
  // A quoted cell may span lines: a record covers the lines after the previous record's last one.
  let previousEnd = header.line;
  for (const { record, line } of records) {
    const badLine = [...badLines.keys()].find((l) => l > previousEnd && l <= line);
    previousEnd = line;
    if (badLine !== undefined) {
      issues.push(encodingIssue(options.file, badLine, record, columns, badLines.get(badLine)!));
      continue;
    }
    const result = readRow(record, line, columns, options);
    if ('issues' in result) issues.push(...result.issues);
    else rows.push(result.row);
  }
  return { rows, issues, rowsRead: records.length };
}

function encodingIssue(
  file: string,
  line: number,
  record: string[],
  columns: SampleColumnName[],
  bad: { before: string; byte: number },
): SampleIssue {
  const column = columnAt(bad.before);
  const field = columns[column - 1] ?? null;
  const hex = bad.byte.toString(16).toUpperCase().padStart(2, '0');
  return {
    line,
    column,
    field,
    reference: record[columns.indexOf('reference')]?.trim() || null,
    message: `${where(file, line, column, field)}: invalid UTF-8 (byte 0x${hex} at character ${
      [...bad.before].length + 1
    }); expected a UTF-8 file: save the sample as "CSV UTF-8"`,
  };
}

/* ---- CSV records and header ---- */

interface CsvRecord {
  record: string[];
  line: number;
}

function readRecords(text: string, file: string): CsvRecord[] {
  try {
    const parsed = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return parsed.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    throw new DataError(
      `${file}${lines ? ` line ${lines}` : ''}: not valid CSV: ${(error as Error).message}`,
    );
  }
}

function checkHeader(header: string[], file: string): SampleColumnName[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(sampleColumnNames);
  names.forEach((name, i) => {
    if (!known.has(name)) {
      throw new DataError(
        `${file} line 1, column ${i + 1}: unknown column "${header[i]}"; expected one of ${sampleColumnNames.join(', ')} (see --template)`,
        name,
      );
    }
    if (names.indexOf(name) !== i) {
      throw new DataError(`${file} line 1, column ${i + 1}: column "${name}" appears twice`, name);
    }
  });
  if (!names.includes('reference')) {
    throw new DataError(
      `${file} line 1: missing column "reference"; expected a header with reference and the fields reviewed (see --template)`,
      'reference',
    );
  }
  return names as SampleColumnName[];
}

/* ---- one row ---- */

const where = (file: string, line: number, column: number | null, field: string | null) =>
  `${file} line ${line}${column ? `, column ${column}` : ''}${field ? ` (${field})` : ''}`;

/** Empty or blank cells are "not reviewed": undefined, never validated. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const cell = <T extends z.ZodType>(inner: T) => z.preprocess(blankToUndefined, inner.optional());
const text = z.string().trim();

const severity = text.transform((value, ctx): SampleSeverity => {
  const match = /^(?:sev)?[\s_-]*([1-4])$/i.exec(value);
  if (match) return `SEV${match[1]}` as SampleSeverity;
  ctx.issues.push({
    code: 'custom',
    message: `"${value}" is not a severity; expected SEV1..SEV4 (or Sev 1, sev1)`,
    input: value,
  });
  return z.NEVER;
});

const booleanWords: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  1: true,
  false: false,
  no: false,
  n: false,
  0: false,
};
const yesNo = text.transform((value, ctx): boolean => {
  const parsed = booleanWords[value.toLowerCase()];
  if (parsed !== undefined) return parsed;
  ctx.issues.push({
    code: 'custom',
    message: `"${value}" is not a yes/no value; expected true/false, yes/no or 1/0`,
    input: value,
  });
  return z.NEVER;
});

const zoneCell = cell(
  text.refine(isValidTimeZone, { message: 'expected an IANA time zone name such as Europe/London or UTC' }),
);

/** The parser's message, with the remedy a reviewer can apply (its DST policy hint is for code, not for people). */
function timeMessage(message: string, zone: string | undefined): string {
  if (/; set dst\./.test(message))
    return `${message.replace(/; set dst\..*$/, '')}; write this time with its UTC offset (e.g. +01:00) or in UTC`;
  return zone ? message : `${message}; give --timezone or fill the timezone column`;
}

/** A timestamp cell, read in `zone` when it carries no offset; a DST gap or overlap is refused, never guessed. */
const timeCell = (zone: string | undefined) =>
  cell(
    text.transform((value, ctx): Date => {
      try {
        return parseTimestamp(value, { zone }).instant;
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        ctx.issues.push({ code: 'custom', message: timeMessage(error.message, zone), input: value });
        return z.NEVER;
      }
    }),
  );

const rowSchema = (zone: string | undefined) =>
  z.object({
    reference: z
      .string({ message: 'a reference is required (PagerDuty id or number, or Jira key)' })
      .trim()
      .min(1, { message: 'a reference is required (PagerDuty id or number, or Jira key)' }),
    detected_at: timeCell(zone),
    acknowledged_at: timeCell(zone),
    resolved_at: timeCell(zone),
    severity: cell(severity),
    team: cell(text),
    root_cause: cell(text),
    is_external: cell(yesNo),
    reviewer_notes: cell(text),
  });

/** A readable row, or every problem of an unreadable one (each naming its column). */
type RowResult = { row: SampleRow } | { issues: SampleIssue[] };

function readRow(
  record: string[],
  line: number,
  columns: SampleColumnName[],
  options: ParseSamplesOptions,
): RowResult {
  const reference = record[columns.indexOf('reference')]?.trim() || null;
  const issueAt = (column: number | null, message: string): SampleIssue => {
    const field = column ? (columns[column - 1] ?? null) : null;
    return {
      line,
      column,
      field,
      reference,
      message: `${where(options.file, line, column, field)}: ${message}`,
    };
  };
  const issue = (column: number | null, message: string): RowResult => ({
    issues: [issueAt(column, message)],
  });
  const columnOf = (path: readonly PropertyKey[]) => columns.indexOf(String(path[0]) as SampleColumnName) + 1;
  if (record.length !== columns.length) {
    const column = Math.min(record.length, columns.length) + 1;
    return issue(
      column <= columns.length ? column : null,
      `expected ${columns.length} columns as in the header, found ${record.length}`,
    );
  }
  const raw = Object.fromEntries(columns.map((c, i) => [c, record[i]]));
  const zone = zoneCell.safeParse(raw.timezone);
  if (!zone.success) return issue(columns.indexOf('timezone') + 1, zone.error.issues[0]!.message);
  const parsed = rowSchema(zone.data ?? options.timezone).safeParse(raw);
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => issueAt(columnOf(i.path) || null, i.message)) };
  }
  const { reference: ref, reviewer_notes, ...values } = parsed.data;
  const defined = Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as SampleValues;
  return { row: { line, reference: ref, values: defined, notes: reviewer_notes ?? null } };
}

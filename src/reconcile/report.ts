import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Finding, Reconciliation } from './compare.ts';
import type { RunContext } from './store.ts';

export interface ReportFiles {
  markdown: string;
  html: string;
  csv: string;
}

const findingColumns: Array<keyof Finding> = [
  'kind',
  'line',
  'reference',
  'incident_key',
  'field',
  'sample_value',
  'warehouse_value',
  'difference_minutes',
  'message',
];

/** A plain section model, rendered once as Markdown and once as HTML so the two never say different things. */
interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  empty: string;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const minutes = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(1));

/** A value as a reader wants it: teams by name with their key. */
function shown(r: Reconciliation, field: string | null, value: string | null): string {
  if (value === null) return '(none)';
  const name = field === 'team' ? r.teamNames[value] : undefined;
  return name ? `${name} (${value})` : value;
}

function summaryRows(context: RunContext, r: Reconciliation): string[][] {
  return [
    ['run', context.runId],
    ['sample', `${context.samplesFile} (sha256 ${context.samplesSha256.slice(0, 12)}…)`],
    ['time zone (--timezone)', context.timezone ?? '(none: rows carry an offset or a timezone)'],
    ['tolerance', `${context.thresholds.toleranceMinutes} min`],
    ['rows read', String(r.rowsRead)],
    ['rows matched and compared', String(r.rowsMatched)],
    ['unreadable rows', String(r.rowsInvalid)],
    ['missing in warehouse', String(r.missingInWarehouse)],
    ['duplicate references', String(r.duplicateReferences)],
    ['discrepancies', String(r.discrepancies)],
  ];
}

function tables(context: RunContext, r: Reconciliation): Table[] {
  const byKind = (kind: Finding['kind']) => r.findings.filter((f) => f.kind === kind);
  const t = context.thresholds;
  return [
    { title: 'Summary', columns: ['', ''], rows: summaryRows(context, r), empty: '' },
    {
      title: `Agreement per field (min_agreement ${percent(t.minAgreement)})`,
      columns: ['field', 'compared', 'agreed', 'agreement'],
      rows: Object.entries(r.fieldAgreement).map(([f, a]) => [
        f,
        String(a.compared),
        String(a.agreed),
        percent(a.rate),
      ]),
      empty: 'No field was reviewed.',
    },
    {
      title: 'Discrepancies',
      columns: ['line', 'reference', 'field', 'sample', 'warehouse', 'difference (min)'],
      rows: byKind('mismatch').map((f) => [
        String(f.line),
        f.reference ?? '',
        f.field ?? '',
        shown(r, f.field, f.sample_value),
        shown(r, f.field, f.warehouse_value),
        f.difference_minutes === null ? '' : f.difference_minutes.toFixed(1),
      ]),
      empty: 'None: every reviewed field agrees.',
    },
    {
      title: `Missing on either side (max_missing ${t.maxMissing})`,
      columns: ['line', 'reference', 'finding'],
      rows: [...byKind('missing_in_warehouse'), ...byKind('duplicate_reference')].map((f) => [
        String(f.line),
        f.reference ?? '',
        f.message,
      ]),
      empty: 'None.',
    },
    {
      title: `Unreadable rows (max_invalid_rows ${t.maxInvalidRows})`,
      columns: ['line', 'column', 'message'],
      rows: byKind('invalid_row').map((f) => [String(f.line), f.field ?? '', f.message]),
      empty: 'None.',
    },
    {
      title: `MTTR both ways on the matched set (${r.mttr.incidents} incidents)`,
      columns: ['computed from', 'mean (min)', 'median (min)'],
      rows: [
        ['sample', minutes(r.mttr.sample?.mean), minutes(r.mttr.sample?.median)],
        ['warehouse', minutes(r.mttr.warehouse?.mean), minutes(r.mttr.warehouse?.median)],
      ],
      empty: '',
    },
    {
      title: 'Reviewer notes',
      columns: ['line', 'reference', 'note'],
      rows: r.matched
        .filter((m) => m.row.notes)
        .map((m) => [String(m.row.line), m.row.reference, m.row.notes ?? '']),
      empty: 'None.',
    },
  ];
}

function verdictLine(r: Reconciliation): string {
  return r.verdict.pass ? 'PASS: every threshold held.' : `FAIL: ${r.verdict.reasons.join('; ')}`;
}

/* ---- Markdown ---- */

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(table: Table): string {
  if (table.rows.length === 0) return `## ${table.title}\n\n${table.empty}\n`;
  const head = `| ${table.columns.map(mdCell).join(' | ')} |\n|${table.columns.map(() => ' --- ').join('|')}|`;
  const body = table.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`).join('\n');
  return `## ${table.title}\n\n${head}\n${body}\n`;
}

export function renderMarkdown(context: RunContext, r: Reconciliation): string {
  const sections = tables(context, r).map(markdownTable);
  return `# Reconciliation ${context.runId}\n\n**Verdict: ${verdictLine(r)}**\n\n${sections.join('\n')}`;
}

/* ---- HTML ---- */

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(table: Table): string {
  if (table.rows.length === 0)
    return `<h2>${escapeHtml(table.title)}</h2>\n<p>${escapeHtml(table.empty)}</p>`;
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<h2>${escapeHtml(table.title)}</h2>\n<table><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

const style = `body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.verdict{padding:.6rem 1rem;border-radius:4px;font-weight:600}
.pass{background:#e3f6e3;color:#145214}.fail{background:#fbe3e3;color:#7a1111}`;

export function renderHtml(context: RunContext, r: Reconciliation): string {
  const sections = tables(context, r).map(htmlTable).join('\n');
  const verdictClass = r.verdict.pass ? 'pass' : 'fail';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reconciliation ${escapeHtml(context.runId)}</title>
<style>${style}</style></head>
<body>
<h1>Reconciliation ${escapeHtml(context.runId)}</h1>
<p class="verdict ${verdictClass}">Verdict: ${escapeHtml(verdictLine(r))}</p>
${sections}
</body></html>
`;
}

/* ---- CSV and files ---- */

export function renderFindingsCsv(r: Reconciliation): string {
  return stringify(
    r.findings.map((f) => findingColumns.map((c) => f[c])),
    { header: true, columns: findingColumns },
  );
}

/** Writes reconciliation.md, reconciliation.html and findings.csv into `dir` (created if needed). */
export function writeReport(dir: string, context: RunContext, r: Reconciliation): ReportFiles {
  mkdirSync(dir, { recursive: true });
  const files = {
    markdown: join(dir, 'reconciliation.md'),
    html: join(dir, 'reconciliation.html'),
    csv: join(dir, 'findings.csv'),
  };
  writeFileSync(files.markdown, renderMarkdown(context, r));
  writeFileSync(files.html, renderHtml(context, r));
  writeFileSync(files.csv, renderFindingsCsv(r));
  return files;
}

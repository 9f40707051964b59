import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.ts';
import { type Finding, parseSamples, runReconciliation, templateCsv } from '../../src/reconcile/index.ts';
import type { ManualSample, Sandbox, TruthIncident } from '../../src/sandbox/index.ts';
import type { Warehouse } from '../../src/warehouse/warehouse.ts';
import {
  openWarehouse,
  sandboxConfig,
  startTestSandbox,
  syncOnce,
  tempWarehousePath,
} from '../helpers/world.ts';

/** 360 days before the fixed clock: a window with both of Europe/London's DST changes in it. */
const scale = { incidents: 300, days: 360 };

let sandbox: Sandbox;
let warehouse: Warehouse;
let config: Config;
let incidents: TruthIncident[];

beforeAll(async () => {
  sandbox = await startTestSandbox({ scale });
  const path = tempWarehousePath();
  config = sandboxConfig(sandbox, path);
  warehouse = await openWarehouse(path);
  await syncOnce(config, warehouse, sandbox);
  incidents = sandbox.pagerduty.truth().incidents.filter((i) => i.status === 'resolved');
});

afterAll(async () => {
  warehouse?.close();
  await sandbox?.close();
});

const reconcile = (csv: string | Uint8Array, timezone?: string, file = 'sample.csv') =>
  runReconciliation(warehouse, {
    file,
    bytes: typeof csv === 'string' ? Buffer.from(csv) : csv,
    timezone,
    thresholds: config.reconcile,
  });

/** A finding as the seeded truth states it. */
const asSeeded = (f: Finding) => ({
  kind: f.kind,
  line: f.line,
  reference: f.reference,
  field: f.field,
  sampleValue: f.sample_value,
  warehouseValue: f.warehouse_value,
});

const header =
  'reference,detected_at,acknowledged_at,resolved_at,timezone,severity,team,root_cause,is_external,reviewer_notes';
const utc = (d: Date | null) => `${d!.toISOString().slice(0, 19)}Z`;
/** A correct row for a truth incident, every time in UTC. */
const goodRow = (i: TruthIncident, reference = i.id) =>
  `${reference},${utc(i.createdAt)},${utc(i.acknowledgedAt)},${utc(i.resolvedAt)},,${i.severity},pagerduty:${i.teamId},,,`;

describe('reconciliation against the sandbox manual sample', () => {
  let sample: ManualSample;
  beforeAll(() => {
    sample = sandbox.manualSample();
  });

  it('finds every seeded discrepancy and nothing else', async () => {
    const { result } = await reconcile(sample.csv, sample.timezone);
    expect(sample.discrepancies.map((d) => d.field ?? d.kind).sort()).toEqual([
      'missing_in_warehouse',
      'resolved_at',
      'team',
    ]);
    expect(result.findings.map(asSeeded)).toEqual(sample.discrepancies);
    expect(result.rowsInvalid).toBe(0);
    expect(result.verdict.pass).toBe(false);
    expect(result.verdict.reasons.join('\n')).toMatch(/resolved_at: agreement 91\.7% \(11\/12\)/);
    expect(result.verdict.reasons.join('\n')).toMatch(/1 sample incident\(s\) missing in the warehouse/);
  });

  it('reads the local-time row across a DST change in its zone, and would misread it at a fixed offset', async () => {
    const trap = sample.traps.find((t) => /DST change/.test(t.why))!;
    expect(trap.why).toContain('Europe/London');
    const { result } = await reconcile(sample.csv, sample.timezone);
    expect(result.findings.filter((f) => f.line === trap.line)).toEqual([]);
    // The same wall-clock times read at the offset London had when the incident was detected (BST, +01:00).
    const fixedOffset = await reconcile(sample.csv, 'Etc/GMT-1');
    const misread = fixedOffset.result.findings.filter((f) => f.line === trap.line).map((f) => f.field);
    expect(misread).toEqual(['resolved_at']);
  });

  it('passes a clean sample, and computes MTTR both ways on the matched set', async () => {
    const clean = sandbox.manualSample({ discrepancies: false });
    expect(clean.discrepancies).toEqual([]);
    const { result } = await reconcile(clean.csv, clean.timezone);
    expect(result.findings).toEqual([]);
    expect(result.verdict).toEqual({ pass: true, reasons: [] });
    expect(result.rowsMatched).toBe(12);
    const truthById = new Map(incidents.map((i) => [i.id, i]));
    const warehouseMttr = result.matched.map(({ incident }) => {
      const truth = truthById.get(incident.source_id)!;
      return (truth.resolvedAt!.getTime() - truth.createdAt.getTime()) / 60_000;
    });
    expect(result.mttr.incidents).toBe(12);
    expect(result.mttr.warehouse!.mean).toBeCloseTo(
      warehouseMttr.reduce((a, b) => a + b, 0) / warehouseMttr.length,
      0,
    );
    // The clean sample's only difference is an acknowledgement 3 minutes off: resolution times agree.
    expect(result.mttr.sample!.mean).toBeCloseTo(result.mttr.warehouse!.mean, 0);
  });

  it('records each run with its own findings; re-running adds a run and leaves the earlier one alone', async () => {
    const first = await reconcile(sample.csv, sample.timezone);
    const before = await warehouse.all(
      'SELECT * FROM reconciliation_findings WHERE reconciliation_run_id = $id ORDER BY finding_no',
      { id: first.context.runId },
    );
    const second = await reconcile(sample.csv, sample.timezone);
    expect(second.context.runId).not.toBe(first.context.runId);
    const after = await warehouse.all(
      'SELECT * FROM reconciliation_findings WHERE reconciliation_run_id = $id ORDER BY finding_no',
      { id: first.context.runId },
    );
    expect(after).toEqual(before);
    const perRun = await warehouse.all<{ id: string; n: number }>(
      `SELECT reconciliation_run_id AS id, count(*)::INTEGER AS n FROM reconciliation_findings
       WHERE reconciliation_run_id IN ($a, $b) GROUP BY 1 ORDER BY 1`,
      { a: first.context.runId, b: second.context.runId },
    );
    expect(perRun.map((r) => r.n)).toEqual([3, 3]);
    const run = await warehouse.one<Record<string, unknown>>(
      'SELECT * FROM reconciliation_runs WHERE reconciliation_run_id = $id',
      { id: second.context.runId },
    );
    expect(run).toMatchObject({
      rows_read: 13,
      rows_matched: 12,
      missing_in_warehouse: 1,
      discrepancies: 2,
      verdict: 'fail',
      tolerance_minutes: 5,
      timezone: sample.timezone,
      mttr_incidents: 12,
    });
    expect(run!.sync_run_id).toEqual(expect.any(String));
  });
});

describe('reading samples', () => {
  it('resolves PagerDuty ids and numbers, accepts severity spellings and team names, and reports duplicates', async () => {
    const [a, b] = incidents;
    const csv = [
      header,
      goodRow(a!),
      goodRow(b!, `#${b!.number}`).replace(`,${b!.severity},`, `,Sev ${b!.severity.slice(3)},`),
      goodRow(a!, String(a!.number)),
    ].join('\n');
    const { result } = await reconcile(csv);
    expect(result.rowsMatched).toBe(2);
    expect(result.findings.map((f) => [f.kind, f.line])).toEqual([['duplicate_reference', 4]]);
    expect(result.findings[0]!.message).toContain('already reviewed on line 2');
  });

  it('accepts a UTF-8 BOM silently', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${header}\n${goodRow(incidents[0]!)}\n`),
    ]);
    const { result } = await reconcile(bytes);
    expect(result.findings).toEqual([]);
    expect(result.rowsMatched).toBe(1);
  });

  it('names line and column of a bad date, a short row and an unknown reference, and reconciles the good lines', async () => {
    const [a, b, c, d] = incidents;
    const badDate = goodRow(b!).replace(utc(b!.resolvedAt), '2026-02-30 10:00');
    const shortRow = goodRow(c!).split(',').slice(0, 6).join(',');
    const csv = [header, goodRow(a!), badDate, shortRow, 'INC-999999,,,,,,,,,', goodRow(d!)].join('\n');
    const { result } = await reconcile(csv, 'UTC', 'bad.csv');
    const messages = result.findings.map((f) => `${f.kind}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(
        /^invalid_row: bad\.csv line 3, column 4 \(resolved_at\): .*2026-02-30 is not a calendar date/,
      ),
      'invalid_row: bad.csv line 4, column 7 (team): expected 10 columns as in the header, found 6',
      'missing_in_warehouse: line 5: INC-999999 names no incident in the warehouse',
    ]);
    expect(result.rowsMatched).toBe(2);
    expect(result.rowsInvalid).toBe(2);
    expect(result.matched.map((m) => m.row.line)).toEqual([2, 6]);
  });

  it('names the line and column of bytes that are not UTF-8 and reads the other lines', async () => {
    const [a, b] = incidents;
    const latin1 = Buffer.from(`${goodRow(b!)}caf`, 'utf8');
    const bytes = Buffer.concat([
      Buffer.from(`${header}\n${goodRow(a!)}\n`),
      latin1,
      Buffer.from([0xe9]), // "é" in Latin-1: not UTF-8
      Buffer.from(`\n${goodRow(incidents[2]!)}\n`),
    ]);
    const { result } = await reconcile(bytes, undefined, 'latin1.csv');
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^latin1\.csv line 3, column 10 \(reviewer_notes\): invalid UTF-8 \(byte 0xE9/),
    ]);
    expect(result.matched.map((m) => m.row.line)).toEqual([2, 4]);
  });

  it('refuses a local time without a zone and a wall-clock time that DST skips, naming line and column', async () => {
    const a = incidents[0]!;
    const local = goodRow(a).replace(utc(a.createdAt), '2026-01-10 09:00');
    const gap = `${a.id},2026-03-29 01:30,,,Europe/London,,,,,`;
    const { result } = await reconcile([header, local, gap].join('\n'));
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /sample\.csv line 2, column 2 \(detected_at\): .*no UTC offset.*give --timezone or fill the timezone column/,
      ),
      'sample.csv line 3, column 2 (detected_at): 2026-03-29 01:30 does not exist in Europe/London (DST gap: clocks jump from 01:00 to 02:00); write this time with its UTC offset (e.g. +01:00) or in UTC',
    ]);
  });

  it('reports every bad cell of a row, and a row without a reference', async () => {
    const csv = [header, '#1,yesterday,,,,SEV9,,,maybe,', ',2026-01-01T00:00:00Z,,,,,,,,'].join('\n');
    const { result } = await reconcile(csv, 'UTC');
    expect(result.findings.map((f) => [f.line, f.field])).toEqual([
      [2, 'detected_at'],
      [2, 'severity'],
      [2, 'is_external'],
      [3, 'reference'],
    ]);
    expect(result.findings[1]!.message).toBe(
      'sample.csv line 2, column 6 (severity): "SEV9" is not a severity; expected SEV1..SEV4 (or Sev 1, sev1)',
    );
    expect(result.findings[3]!.message).toContain('line 3, column 1 (reference): a reference is required');
    expect(result.rowsInvalid).toBe(2);
  });

  it('refuses a header without the reference column or with an unknown column, naming line 1', () => {
    expect(() =>
      parseSamples(Buffer.from('detected_at,team\n2026-01-01T00:00:00Z,x\n'), { file: 'f.csv' }),
    ).toThrow(/f\.csv line 1: missing column "reference"/);
    expect(() => parseSamples(Buffer.from('reference,resolvd_at\n#1,x\n'), { file: 'f.csv' })).toThrow(
      /f\.csv line 1, column 2: unknown column "resolvd_at"/,
    );
  });

  it('ships a template that reads back without issues', () => {
    const parsed = parseSamples(Buffer.from(templateCsv()), { file: 'template.csv' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]!.values).toMatchObject({ severity: 'SEV2', is_external: false });
    // The copy shipped in docs/ is the same template.
    expect(readFileSync('docs/manual-sample-template.csv', 'utf8')).toBe(templateCsv());
  });
});

import { stringify } from 'csv-stringify/sync';

/** A column of the manual-sample CSV: what a reviewer writes in it. */
export interface SampleColumn {
  name: SampleColumnName;
  meaning: string;
  example: string;
}

export const sampleColumnNames = [
  'reference',
  'detected_at',
  'acknowledged_at',
  'resolved_at',
  'timezone',
  'severity',
  'team',
  'root_cause',
  'is_external',
  'reviewer_notes',
] as const;

export type SampleColumnName = (typeof sampleColumnNames)[number];

/** The fields compared with the warehouse (timezone and reviewer_notes are read, never compared). */
export const comparedFields = [
  'detected_at',
  'acknowledged_at',
  'resolved_at',
  'severity',
  'team',
  'root_cause',
  'is_external',
] as const;

export type ComparedField = (typeof comparedFields)[number];
export type TimeField = 'detected_at' | 'acknowledged_at' | 'resolved_at';
export const timeFields: readonly TimeField[] = ['detected_at', 'acknowledged_at', 'resolved_at'];

export const sampleColumns: readonly SampleColumn[] = [
  {
    name: 'reference',
    meaning:
      'required: PagerDuty incident id (Q1ABC...), PagerDuty number (#123 or 123), or Jira key (INC-42)',
    example: '#123',
  },
  {
    name: 'detected_at',
    meaning:
      'when the organisation knew: 2026-03-29T09:15:00Z, with an offset (2026-03-29T10:15:00+01:00), or local time (2026-03-29 10:15) read in the row timezone or --timezone',
    example: '2026-03-29 10:15',
  },
  { name: 'acknowledged_at', meaning: 'first acknowledgement, same forms', example: '2026-03-29 10:19' },
  { name: 'resolved_at', meaning: 'final resolution, same forms', example: '2026-03-29 11:02' },
  {
    name: 'timezone',
    meaning: 'IANA zone (Europe/London) for this row’s local times; empty: the --timezone of the run',
    example: 'Europe/London',
  },
  { name: 'severity', meaning: 'SEV1..SEV4 (Sev 1, sev1 and 1 are read too)', example: 'SEV2' },
  { name: 'team', meaning: 'team name or team_key (case-insensitive)', example: 'Payments' },
  {
    name: 'root_cause',
    meaning: 'root cause as recorded (case and spacing ignored)',
    example: 'expired certificate',
  },
  { name: 'is_external', meaning: 'third-party cause: true/false, yes/no or 1/0', example: 'no' },
  {
    name: 'reviewer_notes',
    meaning: 'free text, kept in the report, never compared',
    example: 'checked in Slack',
  },
];

/**
 * The CSV a reviewer fills in: the header, then one example row. An empty cell means "not reviewed": that
 * field is neither compared nor counted for the row.
 */
export function templateCsv(): string {
  return stringify([sampleColumns.map((c) => c.name), sampleColumns.map((c) => c.example)]);
}

/** The columns and their meaning, for `--help` and the README. */
export function describeTemplate(): string {
  const width = Math.max(...sampleColumns.map((c) => c.name.length));
  return sampleColumns.map((c) => `  ${c.name.padEnd(width)}  ${c.meaning}`).join('\n');
}

import { describe, expect, it } from 'vitest';
import type { WarehouseIncident, WarehouseSide } from '../../src/reconcile/compare.ts';
import { reconcileSamples } from '../../src/reconcile/compare.ts';
import { parseSamples } from '../../src/reconcile/index.ts';

const at = (iso: string) => Date.parse(iso);

/** Two incidents as the incidents mart holds them: one PagerDuty incident with a Jira ticket, one Jira-only. */
const incident = (over: Partial<WarehouseIncident>): WarehouseIncident => ({
  incident_key: 'pagerduty:PABC123',
  source: 'pagerduty',
  source_id: 'PABC123',
  incident_number: 42,
  ticket_key: 'INC-7',
  team_key: 'pagerduty:PTEAM1',
  severity: 'SEV2',
  detected_at: at('2026-03-28T23:30:00Z'),
  acknowledged_at: at('2026-03-28T23:35:00Z'),
  resolved_at: at('2026-03-29T02:30:00Z'),
  root_cause: 'Expired  TLS certificate',
  is_external: true,
  ...over,
});

const side: WarehouseSide = {
  incidents: [
    incident({}),
    incident({
      incident_key: 'jira:INC-9',
      source: 'jira',
      source_id: '10009',
      incident_number: 9,
      ticket_key: 'INC-9',
      acknowledged_at: null,
      resolved_at: null,
      root_cause: null,
      is_external: false,
    }),
  ],
  teams: [
    { team_key: 'pagerduty:PTEAM1', name: 'Payments' },
    { team_key: 'pagerduty:PTEAM2', name: 'Identity' },
  ],
};

const thresholds = { toleranceMinutes: 5, minAgreement: 0.95, maxMissing: 0, maxInvalidRows: 0 };
const header =
  'reference,detected_at,acknowledged_at,resolved_at,timezone,severity,team,root_cause,is_external';
const run = (...rows: string[]) =>
  reconcileSamples(
    parseSamples(Buffer.from([header, ...rows].join('\n')), { file: 's.csv' }),
    side,
    thresholds,
  );

describe('comparing sample fields with the warehouse', () => {
  it('agrees across the DST change when local times are read in their zone, by Jira key, ignoring case and spacing', () => {
    // 23:30 GMT to 03:30 BST is 3 hours, not 4: London's clocks went forward at 01:00 UTC in between.
    const result = run(
      'inc-7,2026-03-28 23:30,2026-03-28 23:35,2026-03-29 03:30,Europe/London,sev 2,PAYMENTS,expired tls   certificate,yes',
    );
    expect(result.findings).toEqual([]);
    expect(result.fieldAgreement.team).toEqual({ compared: 1, agreed: 1, rate: 1 });
    expect(result.mttr).toEqual({
      incidents: 1,
      sample: { mean: 180, median: 180 },
      warehouse: { mean: 180, median: 180 },
    });
  });

  it('reports each disagreeing field with both values, and a value the warehouse does not have', () => {
    const result = run(
      'INC-9,2026-03-28T23:36:00Z,2026-03-28T23:40:00Z,,,SEV1,identity,DNS,true',
      '#42,2026-03-28T23:30:00+00:00,,,,,pagerduty:PTEAM1,,0',
    );
    const byField = Object.fromEntries(
      result.findings.map((f) => [
        `${f.line}:${f.field}`,
        [f.sample_value, f.warehouse_value, f.difference_minutes],
      ]),
    );
    expect(byField).toEqual({
      '2:detected_at': ['2026-03-28T23:36:00.000Z', '2026-03-28T23:30:00.000Z', 6],
      '2:acknowledged_at': ['2026-03-28T23:40:00.000Z', null, null],
      '2:severity': ['SEV1', 'SEV2', null],
      '2:team': ['pagerduty:PTEAM2', 'pagerduty:PTEAM1', null],
      '2:root_cause': ['DNS', null, null],
      '2:is_external': ['true', 'false', null],
      '3:is_external': ['false', 'true', null],
    });
    expect(result.fieldAgreement.detected_at).toEqual({ compared: 2, agreed: 1, rate: 0.5 });
    // Empty cells were not reviewed: resolved_at was compared nowhere, so it has no agreement at all.
    expect(result.fieldAgreement.resolved_at).toBeUndefined();
    expect(result.verdict.pass).toBe(false);
  });

  it('keeps an unknown team as written, and counts a number that names no PagerDuty incident as missing', () => {
    const result = run('#42,,,,,,Platform,,', '#9,,,,,,,,');
    expect(result.findings.map((f) => [f.kind, f.field, f.sample_value])).toEqual([
      ['mismatch', 'team', 'Platform'],
      ['missing_in_warehouse', null, null],
    ]);
  });
});

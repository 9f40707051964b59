import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { addDays, addMinutes } from 'date-fns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import type { JiraTruthIncident } from '../../src/sandbox/index.ts';
import { type OutputsWorld, outputsZone, syncAllSources } from './world.ts';

/** SEV2 gets a non-default target so the test proves the setting reaches the SQL. */
const targets = { SEV1: 60, SEV2: 90, SEV3: '1bd', SEV4: null } as const;

/** The reference business-day rule: the same local clock time on the next Monday-Friday. */
function nextBusinessDay(at: Date, zone: string): Date {
  const local = new TZDate(at.getTime(), zone);
  const day = local.getDay(); // 0 Sunday .. 6 Saturday
  const days = day === 5 ? 3 : day === 6 ? 2 : 1;
  return new Date(addDays(local, days).getTime());
}

function targetAt(severity: string, detected: Date): Date | null {
  const target = targets[severity as keyof typeof targets];
  if (target === null || target === undefined) return null;
  return target === '1bd' ? nextBusinessDay(detected, outputsZone) : addMinutes(detected, target);
}

let world: OutputsWorld;

beforeAll(async () => {
  world = await syncAllSources({ sla: { targets } });
}, 240_000);

afterAll(async () => {
  world?.warehouse.close();
  await world?.sandbox.close();
});

describe('metric_sla against the sandbox ground truth', () => {
  it('decides each PagerDuty incident as the truth does (mitigated from its Jira ticket, else resolved)', async () => {
    const pd = world.sandbox.pagerduty.truth();
    const jira = world.sandbox.jira.truth();
    const tickets = new Map<string, JiraTruthIncident[]>();
    for (const t of jira.incidents) {
      if (!t.pagerdutyIncidentId || !t.linkBasis) continue;
      tickets.set(t.pagerdutyIncidentId, [...(tickets.get(t.pagerdutyIncidentId) ?? []), t]);
    }
    const rows = await world.warehouse.all<{
      incident_key: string;
      target_at: string;
      sla_status: string;
      measured_by: string | null;
    }>(
      "SELECT incident_key, target_at, sla_status, measured_by FROM incident_sla WHERE incident_key LIKE 'pagerduty:%'",
    );
    const byKey = new Map(rows.map((r) => [r.incident_key, r]));
    let checked = 0;
    let mitigatedSeen = 0;
    for (const incident of pd.incidents) {
      const key = `pagerduty:${incident.id}`;
      const target = targetAt(incident.severity, incident.createdAt);
      if (!target) {
        expect(byKey.has(key), `${key} has no target`).toBe(false);
        continue;
      }
      const linked = tickets.get(incident.id) ?? [];
      if (linked.length > 1) continue; // which ticket tracks it is the linking suite's business
      const mitigated = linked[0]?.mitigatedAt ?? null;
      const measured = mitigated ?? incident.resolvedAt;
      const expected = measured
        ? measured <= target
          ? 'met'
          : 'missed'
        : target <= new Date()
          ? 'missed'
          : 'pending';
      const row = byKey.get(key);
      expect(row, key).toBeDefined();
      expect(new Date(row!.target_at).getTime(), key).toBe(target.getTime());
      expect(row!.sla_status, key).toBe(expected);
      if (mitigated) mitigatedSeen += 1;
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
    expect(mitigatedSeen).toBeGreaterThan(0);
  });

  it('aggregates per quarter, team and severity with the configured targets, external incidents in totals only', async () => {
    const detail = await world.warehouse.all<{ k: string; decided: number; met: number; external: number }>(
      `SELECT CAST(p.period_start AS VARCHAR) || '|' || s.team_key || '|' || s.severity AS k,
              count(*) FILTER (WHERE NOT is_external AND sla_status <> 'pending') AS decided,
              count(*) FILTER (WHERE NOT is_external AND sla_status = 'met') AS met,
              count(*) FILTER (WHERE is_external) AS external
       FROM incident_sla s JOIN incident_periods p USING (incident_key) WHERE p.period_grain = 'quarter' GROUP BY ALL`,
    );
    const metric = await world.warehouse.all<{
      k: string;
      incidents: number;
      within_target: number;
      attainment: number | null;
      target_minutes: number | null;
      target_rule: string;
      external_incidents: number;
    }>(
      `SELECT CAST(period_start AS VARCHAR) || '|' || team_key || '|' || severity AS k, incidents, within_target, attainment, target_minutes, target_rule, external_incidents
       FROM metric_sla WHERE period_grain = 'quarter' AND service_key = '(all)' AND team_key <> '(all)' AND severity <> '(all)'`,
    );
    const byKey = new Map(metric.map((m) => [m.k, m]));
    expect(metric.length).toBe(detail.length);
    for (const d of detail) {
      const m = byKey.get(d.k)!;
      expect(m.incidents, d.k).toBe(d.decided);
      expect(m.within_target, d.k).toBe(d.met);
      expect(m.external_incidents, d.k).toBe(d.external);
      if (d.decided > 0) expect(m.attainment, d.k).toBeCloseTo(d.met / d.decided, 9);
      const severity = d.k.split('|')[2];
      expect(m.target_minutes, d.k).toBe(severity === 'SEV1' ? 60 : severity === 'SEV2' ? 90 : null);
      expect(m.target_rule, d.k).toBe(severity === 'SEV3' ? 'business_day' : 'minutes');
    }
    expect(detail.some((d) => d.external > 0)).toBe(true);
    const [totals] = await world.warehouse.all<{
      decided: number;
      external: number;
      metric: number;
      metric_external: number;
    }>(
      `SELECT
         (SELECT count(*) FROM incident_sla s JOIN incident_periods p USING (incident_key)
          WHERE p.period_grain = 'quarter' AND sla_status <> 'pending') AS decided,
         (SELECT count(*) FROM incident_sla WHERE is_external) AS external,
         (SELECT sum(incidents) FROM metric_sla WHERE period_grain = 'quarter' AND team_key = '(all)' AND severity = '(all)') AS metric,
         (SELECT sum(external_incidents) FROM metric_sla WHERE period_grain = 'quarter' AND team_key = '(all)' AND severity = '(all)') AS metric_external`,
    );
    expect(Number(totals!.metric)).toBe(Number(totals!.decided));
    expect(Number(totals!.metric_external)).toBe(Number(totals!.external));
    const severities = await world.warehouse.all<{ severity: string }>(
      'SELECT DISTINCT severity FROM metric_sla',
    );
    expect(severities.map((s) => s.severity)).not.toContain('SEV4');
  });

  it('records the targets in settings', async () => {
    const rows = await world.warehouse.all<{ key: string; value: string }>(
      "SELECT key, value FROM settings WHERE key LIKE 'sla_target.%' ORDER BY key",
    );
    expect(rows).toEqual([
      { key: 'sla_target.SEV1', value: '60' },
      { key: 'sla_target.SEV2', value: '90' },
      { key: 'sla_target.SEV3', value: '1bd' },
      { key: 'sla_target.SEV4', value: 'none' },
    ]);
  });
});

describe('sla, dq and export settings', () => {
  function loadYaml(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'opsledger-outputs-config-'));
    writeFileSync(join(dir, 'opsledger.config.yaml'), yaml);
    return loadConfig({ env: {}, dotenv: false, cwd: dir });
  }

  it('reads targets in minutes, 1bd or null, and dq check severities by their snake_case names', () => {
    const config = loadYaml(
      'sla:\n  targets: { SEV1: 30, SEV3: 1bd, SEV4: null }\ndq:\n  fail_on: warn\n  severities: { unowned_rows: error }\n',
    );
    expect(config.sla.targets).toEqual({ SEV1: 30, SEV2: 240, SEV3: '1bd', SEV4: null });
    expect(config.dq.failOn).toBe('warn');
    expect(config.dq.severities).toEqual({ unowned_rows: 'error' });
  });

  it('names the file, line and setting of a bad target or level, and what is expected', () => {
    expect(() => loadYaml('sla:\n  targets:\n    SEV3: 2bd\n')).toThrow(
      /opsledger\.config\.yaml line 3: sla\.targets\.SEV3: expected minutes .*1bd/,
    );
    expect(() => loadYaml('dq:\n  fail_on: fatal\n')).toThrow(
      /line 2: dq\.fail_on: expected error, warn or info/,
    );
  });
});

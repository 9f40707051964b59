import type { Config } from '../config/index.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';

/** The settings that change how figures are computed; recorded with each run so every figure can be explained. */
export function metricSettings(config: Config) {
  return {
    reporting_timezone: config.timezone,
    pagerduty_history_days: config.pagerduty.historyDays,
    pagerduty_overlap_minutes: config.pagerduty.overlapMinutes,
    severity: { pagerduty: config.pagerduty.severity },
    percentile_method: 'quantile_cont (linear interpolation)',
  };
}

export async function writeSettings(warehouse: Warehouse, config: Config): Promise<void> {
  const pairs: Array<[string, string]> = [['reporting_timezone', config.timezone]];
  for (const [key, value] of pairs)
    await warehouse.run('INSERT OR REPLACE INTO settings VALUES ($key, $value)', { key, value });
  await warehouse.run("DELETE FROM severity_mappings WHERE source = 'pagerduty'");
  const mappings = [
    ...Object.entries(config.pagerduty.severity.priorities).map(([value, sev]) => ['priority', value, sev]),
    ...Object.entries(config.pagerduty.severity.urgencies).map(([value, sev]) => ['urgency', value, sev]),
  ];
  for (const [field, value, severity] of mappings) {
    await warehouse.run("INSERT INTO severity_mappings VALUES ('pagerduty', $field, $value, $severity)", {
      field: field as string,
      value: value as string,
      severity: severity as string,
    });
  }
}

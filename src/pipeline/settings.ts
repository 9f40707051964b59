import type { Config } from '../config/index.ts';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { oncallMetricSettings, oncallSettingRows } from './oncall-settings.ts';
import { ensurePseudonymSalt, slaSettingRows } from './outputs-settings.ts';
import { loadOwnershipFile, ownershipSettings, writeOwnership } from './ownership.ts';
import { gitHubMetricSettings, writeGitHubSettings } from './sources/github.ts';

/** The settings that change how figures are computed; recorded with each run so every figure can be explained. */
export function metricSettings(config: Config) {
  return {
    reporting_timezone: config.timezone,
    pagerduty_history_days: config.pagerduty.historyDays,
    pagerduty_overlap_minutes: config.pagerduty.overlapMinutes,
    severity: { pagerduty: config.pagerduty.severity, jira: config.jira.severity },
    percentile_method: 'quantile_cont (linear interpolation)',
    ...jiraMetricSettings(config),
    ...gitHubMetricSettings(config),
    ...ownershipSettings(config),
    exclude_external_from_teams: config.metrics.excludeExternalFromTeams,
    severity_weights: config.metrics.severityWeights,
    ...oncallMetricSettings(config),
    sla_targets: config.sla.targets,
  };
}

/** Jira scopes, fields and links, and the recurrence and postmortem settings the Jira metrics use. */
function jiraMetricSettings(config: Config) {
  const jira = config.jira;
  return {
    jira_history_days: jira.historyDays,
    jira_overlap_minutes: jira.overlapMinutes,
    jira_scopes: { incidents: jira.incidents, postmortems: jira.postmortems, action_items: jira.actionItems },
    jira_fields: jira.fields,
    jira_link_types: jira.linkTypes,
    jira_parent_links: jira.parentLinks,
    jira_pagerduty_label_prefix: jira.pagerdutyLabelPrefix,
    jira_deploy_label_prefix: jira.deployLabelPrefix,
    jira_external_labels: jira.externalLabels,
    jira_project_teams: jira.projectTeams,
    recurrence_window_days: jira.recurrenceWindowDays,
    postmortem_required: jira.postmortemRequired,
    postmortem_deadline_hours: jira.postmortemDeadlineHours,
  };
}

/** Settings rows the Jira models read (key -> value as text). */
function jiraSettingRows(config: Config): Array<[string, string]> {
  const jira = config.jira;
  const rows: Array<[string, string]> = [
    ['recurrence_window_days', String(jira.recurrenceWindowDays)],
    ['postmortem_required', jira.postmortemRequired.join(',')],
    ['jira_link_type_postmortem', jira.linkTypes.postmortem],
    ['jira_link_type_action_item', jira.linkTypes.actionItem],
    ['jira_parent_links', String(jira.parentLinks)],
    ['jira_deploy_label_prefix', jira.deployLabelPrefix],
  ];
  for (const [severity, hours] of Object.entries(jira.postmortemDeadlineHours))
    if (hours !== null) rows.push([`postmortem_deadline_hours.${severity}`, String(hours)]);
  for (const [project, team] of Object.entries(jira.projectTeams))
    rows.push([`jira_project_team.${project}`, team]);
  return rows;
}

export async function writeSettings(warehouse: Warehouse, config: Config): Promise<void> {
  // Read first: a broken ownership file stops the run before anything is written.
  const ownership = loadOwnershipFile(config);
  const pairs: Array<[string, string]> = [
    ['reporting_timezone', config.timezone],
    ['exclude_external_from_teams', String(config.metrics.excludeExternalFromTeams)],
    ...Object.entries(config.metrics.severityWeights).map(([sev, w]): [string, string] => [
      `severity_weight.${sev}`,
      String(w),
    ]),
    ...jiraSettingRows(config),
    ...oncallSettingRows(config),
    ...slaSettingRows(config),
  ];
  // Settings a previous run wrote but this configuration no longer has (a removed project team, a deadline).
  await warehouse.run(
    "DELETE FROM settings WHERE starts_with(key, 'jira_project_team.') OR starts_with(key, 'postmortem_deadline_hours.')",
  );
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
  await writeJiraSeverity(warehouse, config);
  await writeGitHubSettings(warehouse, config);
  await writeOwnership(warehouse, ownership);
  await ensurePseudonymSalt(warehouse);
}

/** Jira severity values, lower-cased (the models compare case-insensitively); the first level listing a value wins. */
async function writeJiraSeverity(warehouse: Warehouse, config: Config): Promise<void> {
  await warehouse.run("DELETE FROM severity_mappings WHERE source = 'jira'");
  const seen = new Set<string>();
  for (const [severity, values] of Object.entries(config.jira.severity)) {
    for (const value of values) {
      const key = value.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      await warehouse.run("INSERT INTO severity_mappings VALUES ('jira', 'severity', $value, $severity)", {
        value: key,
        severity,
      });
    }
  }
}

/** One exported column: its name in the CSV header and what it means (printed by `export calibration --columns`). */
export interface ColumnDoc {
  name: string;
  meaning: string;
}

const inPeriod = 'detected in the period (reporting time zone)';

export const teamColumns: readonly ColumnDoc[] = [
  { name: 'period', meaning: 'The period exported, e.g. 2026-Q3 (cut in the reporting time zone).' },
  {
    name: 'team_key',
    meaning: 'Stable team key (teams.team_key); unowned collects what no ownership rule attributes.',
  },
  { name: 'team', meaning: 'Team name as the source names it today.' },
  {
    name: 'incidents',
    meaning: `Incidents ${inPeriod}; external ones (third-party cause) are left out of this and every team figure below while metrics.exclude_external_from_teams is on (the default).`,
  },
  { name: 'sev1_incidents', meaning: 'Of those, SEV1.' },
  { name: 'sev2_incidents', meaning: 'Of those, SEV2.' },
  { name: 'sev3_incidents', meaning: 'Of those, SEV3.' },
  { name: 'sev4_incidents', meaning: 'Of those, SEV4.' },
  { name: 'external_incidents', meaning: `External (third-party cause) incidents ${inPeriod}.` },
  {
    name: 'mtta_median_minutes',
    meaning: 'Median minutes from detection to first acknowledgement (acknowledged incidents).',
  },
  { name: 'mtta_p90_minutes', meaning: '90th percentile of the same (linear interpolation).' },
  {
    name: 'mttr_median_minutes',
    meaning: 'Median minutes from detection to final resolution (resolved incidents).',
  },
  { name: 'mttr_p90_minutes', meaning: '90th percentile of the same (linear interpolation).' },
  {
    name: 'sla_incidents',
    meaning: 'Incidents with an SLA target whose outcome is decided (incident_sla: met or missed).',
  },
  {
    name: 'sla_within_target',
    meaning: 'Of those, mitigated (else resolved) within the target of their severity.',
  },
  { name: 'sla_attainment', meaning: 'sla_within_target / sla_incidents (0..1); empty when none.' },
  {
    name: 'recurring_incidents',
    meaning: 'Incidents that recur: same root cause as an earlier incident within the recurrence window.',
  },
  {
    name: 'recurrence_rate',
    meaning: 'recurring_incidents / incidents with a known root cause (0..1); empty when none.',
  },
  { name: 'action_items_due', meaning: 'Action items (owned by the team now) due in the period.' },
  {
    name: 'action_items_on_time',
    meaning: 'Of those, completed by the end of the due day (reporting time zone).',
  },
  {
    name: 'action_items_on_time_rate',
    meaning: 'action_items_on_time / action_items_due (0..1); empty when none.',
  },
  {
    name: 'action_items_no_due_date',
    meaning: 'Action items created in the period with no due date (never silently dropped).',
  },
  {
    name: 'postmortems_required',
    meaning: `Resolved incidents ${inPeriod} whose severity requires a postmortem.`,
  },
  {
    name: 'postmortems_on_time',
    meaning: 'Of those, with a postmortem completed by the deadline of their severity.',
  },
  {
    name: 'postmortem_on_time_rate',
    meaning: 'postmortems_on_time / postmortems_required (0..1); empty when none.',
  },
  {
    name: 'oncall_person_weeks',
    meaning:
      'On-call person-weeks of the team in the ISO weeks starting in the period (metric_oncall_load); empty when that view is not in the warehouse.',
  },
  {
    name: 'pages_per_oncall_person_week',
    meaning: 'Pages / oncall_person_weeks; empty when metric_oncall_load is not in the warehouse.',
  },
  {
    name: 'interruptions_per_oncall_person_week',
    meaning:
      'Mean over those weeks of metric_oncall_team_load.interruptions_per_oncall_person (pages within 60 s count once).',
  },
  {
    name: 'production_deploys',
    meaning: "Successful production deploys of the team's services that finished in the period.",
  },
  { name: 'failed_deploys', meaning: 'Of those, deploys with at least one incident attributed to them.' },
  {
    name: 'change_failure_rate',
    meaning: 'failed_deploys / production_deploys (0..1, never above 1); empty when no deploys.',
  },
];

export const personColumns: readonly ColumnDoc[] = [
  { name: 'period', meaning: 'The period exported, e.g. 2026-Q3 (cut in the reporting time zone).' },
  {
    name: 'person',
    meaning:
      'Display name; with --pseudonymize a stable pseudonym (person-<10 hex>, HMAC-SHA256 of person_key) instead.',
  },
  {
    name: 'person_key',
    meaning:
      'Stable key (pagerduty:<user id>, jira:<account id>, github:<login>); left out with --pseudonymize.',
  },
  {
    name: 'team_key',
    meaning:
      "The person's team (people.team_key; for Jira and GitHub people, the team of their action items).",
  },
  { name: 'team', meaning: 'Team name.' },
  {
    name: 'oncall_weeks',
    meaning:
      'ISO weeks starting in the period in which the person was on call (metric_oncall_load); empty when that view is not in the warehouse.',
  },
  { name: 'pages', meaning: 'Pages (notifications) the person received in those weeks.' },
  {
    name: 'night_pages',
    meaning: "Interruptions in the person's sleep hours (22:00-08:00 in their own time zone).",
  },
  { name: 'incidents_acknowledged', meaning: `Incidents ${inPeriod} the person acknowledged.` },
  { name: 'incidents_resolved', meaning: `Incidents ${inPeriod} the person resolved.` },
  {
    name: 'action_items_owned',
    meaning:
      'Action items assigned to the person, due in the period (created in it when they have no due date).',
  },
  { name: 'action_items_due', meaning: 'Of those, with a due date.' },
  {
    name: 'action_items_completed_on_time',
    meaning: 'Of those, completed by the end of the due day (reporting time zone).',
  },
];

/** `name: meaning` lines, as `--columns` prints them. */
export function describeColumns(title: string, columns: readonly ColumnDoc[]): string {
  return [`${title}:`, ...columns.map((c) => `  ${c.name}: ${c.meaning}`)].join('\n');
}

/** What the Jira connector needs to know about a site, independent of how the product's config spells it. */

/** Which issues form one stream: a JQL filter, or projects + issue types + labels, ANDed. */
export interface JiraScope {
  jql?: string;
  projects: string[];
  issueTypes: string[];
  labels: string[];
}

/** The custom (and system) fields the connector reads, by role. */
export const fieldRoles = [
  'severity',
  'customerSeverity',
  'rootCause',
  'impactStart',
  'mitigatedAt',
  'externalCause',
  'pagerdutyIncident',
  'dueDate',
  'team',
  'deploy',
] as const;
export type FieldRole = (typeof fieldRoles)[number];

/** The sandbox's (and a typical incident-management site's) display names; `duedate` is Jira's system field. */
export const defaultFieldNames: Record<FieldRole, string> = {
  severity: 'Severity',
  customerSeverity: 'Customer Severity',
  rootCause: 'Root Cause',
  impactStart: 'Impact Start',
  mitigatedAt: 'Mitigated At',
  externalCause: 'External Cause',
  pagerdutyIncident: 'PagerDuty Incident',
  dueDate: 'duedate',
  team: 'Team',
  deploy: 'Deploy',
};

/** The config file key of each role, for messages that tell the user what to fix. */
export const fieldSettingKeys: Record<FieldRole, string> = {
  severity: 'jira.fields.severity',
  customerSeverity: 'jira.fields.customer_severity',
  rootCause: 'jira.fields.root_cause',
  impactStart: 'jira.fields.impact_start',
  mitigatedAt: 'jira.fields.mitigated_at',
  externalCause: 'jira.fields.external_cause',
  pagerdutyIncident: 'jira.fields.pagerduty_incident',
  dueDate: 'jira.fields.due_date',
  team: 'jira.fields.team',
  deploy: 'jira.fields.deploy',
};

export const streamNames = ['incidents', 'postmortems', 'action_items'] as const;
export type IssueStreamName = (typeof streamNames)[number];

export const scopeSettingKeys: Record<IssueStreamName, string> = {
  incidents: 'jira.incidents',
  postmortems: 'jira.postmortems',
  action_items: 'jira.action_items',
};

export interface JiraStreamOptions {
  scopes: Record<IssueStreamName, JiraScope>;
  /**
   * Per role: undefined = the default name, skipped with a warning when the site lacks it; null = not used;
   * a string = a display name or field id that must exist.
   */
  fields: Partial<Record<FieldRole, string | null>>;
  pagerdutyLabelPrefix: string;
  /** Labels that mark a third-party cause. */
  externalLabels: string[];
  /** Issues per search page; Jira Cloud serves at most 100 when fields are requested. */
  pageSize: number;
  /** How far back a first or `--full` sync reads (by `updated`). */
  startDate: Date;
  /** Incremental reads start this long before the cursor. */
  overlapMs: number;
}

export const DEFAULT_JIRA_OVERLAP_MS = 3_600_000;

/**
 * The fixed vocabulary of the sandbox Jira site: statuses, issue types, link types, custom field kinds and the
 * project key of each PagerDuty team. Plain data; the connector's defaults must match these names.
 */

export const JIRA_PREFIX = '/jira';
/** `self` URLs point at a fake Cloud site, never at the sandbox port (see docs/sandbox-jira.md). */
export const SITE = 'https://opsledger-sandbox.atlassian.net';
export const API = `${SITE}/rest/api/3`;
/** The API user's zone: Jira renders timestamps and reads JQL dates in it. */
export const API_USER_TIME_ZONE = 'Europe/Berlin';
export const DEFAULT_JIRA_EMAIL = 'sandbox@example.com';
export const DEFAULT_JIRA_API_TOKEN = 'sandbox-jira-token';

export const INCIDENT_PROJECT = 'INC';
export const POSTMORTEM_PROJECT = 'PM';
export const ACTION_ITEM_LABEL = 'action-item';

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export const STATUS_CATEGORIES: Record<StatusCategoryKey, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

export interface StatusDef {
  id: string;
  name: string;
  category: StatusCategoryKey;
  description: string;
}

export const STATUSES = {
  open: { id: '1', name: 'Open', category: 'new', description: 'The incident is reported.' },
  inProgress: {
    id: '3',
    name: 'In Progress',
    category: 'indeterminate',
    description: 'Someone is working on it.',
  },
  monitoring: {
    id: '10001',
    name: 'Monitoring',
    category: 'indeterminate',
    description: 'A fix is in place and being watched.',
  },
  resolved: { id: '5', name: 'Resolved', category: 'done', description: 'The incident is over.' },
  draft: { id: '10002', name: 'Draft', category: 'new', description: 'The review is being written.' },
  inReview: {
    id: '10003',
    name: 'In Review',
    category: 'indeterminate',
    description: 'The review is being discussed.',
  },
  published: { id: '10004', name: 'Published', category: 'done', description: 'The review is complete.' },
  toDo: { id: '10005', name: 'To Do', category: 'new', description: 'Not started.' },
  done: { id: '10006', name: 'Done', category: 'done', description: 'Finished.' },
} as const satisfies Record<string, StatusDef>;

export type StatusKey = keyof typeof STATUSES;

export const ISSUE_TYPES = {
  incident: { id: '10010', name: 'Incident', description: 'A production incident.', avatarId: 10304 },
  postmortem: {
    id: '10011',
    name: 'Postmortem',
    description: 'A post-incident review.',
    avatarId: 10320,
  },
  task: { id: '10012', name: 'Task', description: 'A small, distinct piece of work.', avatarId: 10318 },
} as const;

export type IssueTypeKey = keyof typeof ISSUE_TYPES;

export interface LinkTypeDef {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

export const LINK_TYPES = {
  blocks: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  cloners: { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  duplicate: { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  relates: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  /** The postmortem is the outward side: "PM-3 is postmortem of INC-12"; INC-12 "has postmortem" PM-3. */
  postmortem: { id: '10100', name: 'Postmortem', inward: 'has postmortem', outward: 'is postmortem of' },
  /** The action item is the outward side: "PAY-7 is action item of PM-3". */
  actionItem: {
    id: '10101',
    name: 'Action Item',
    inward: 'has action item',
    outward: 'is action item of',
  },
} as const satisfies Record<string, LinkTypeDef>;

export type LinkTypeKey = keyof typeof LINK_TYPES;

export const RESOLUTION_DONE = {
  id: '10000',
  name: 'Done',
  description: 'Work has been completed on this issue.',
};

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

/** Root-cause options; a team draws from a skewed preference so causes recur (some within 90 days). */
export const ROOT_CAUSES = [
  'db-connection-pool-exhaustion',
  'bad-config-push',
  'deploy-regression',
  'certificate-expiry',
  'dependency-timeout',
  'memory-leak',
  'disk-full',
  'dns-misconfiguration',
  'cache-stampede',
  'capacity-exhaustion',
  'feature-flag-misconfiguration',
  'queue-backlog',
  'network-partition',
  'third-party-outage',
] as const;

export const EXTERNAL_ROOT_CAUSE = 'third-party-outage';

/** Project key of each PagerDuty team name (the team owning a project is the PagerDuty team of its name). */
export const TEAM_PROJECT_KEYS: Record<string, string> = {
  Payments: 'PAY',
  Checkout: 'CHK',
  Identity: 'IDN',
  Search: 'SRCH',
  Platform: 'PLAT',
  'Data Pipeline': 'DATA',
  Mobile: 'MOB',
  Notifications: 'NOTIF',
  Storage: 'STOR',
  Networking: 'NET',
  Observability: 'OBS',
  Billing: 'BILL',
  Messaging: 'MSG',
  Risk: 'RISK',
  Catalog: 'CAT',
  Growth: 'GRW',
};

/** Fallback for a team name missing above: its initials, or its first four letters. */
export function projectKeyForTeam(name: string): string {
  const known = TEAM_PROJECT_KEYS[name];
  if (known) return known;
  const words = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  return (words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? 'TEAM').slice(0, 4)).padEnd(
    2,
    'X',
  );
}

/** The custom fields a connector looks up by display name in `/rest/api/3/field`. */
export const CUSTOM_FIELDS = {
  severity: {
    name: 'Severity',
    kind: 'select',
    options: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    description: 'Severity of the incident as agreed by the responders.',
  },
  customerSeverity: {
    name: 'Customer Severity',
    kind: 'select',
    options: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    description: 'Severity as reported by the customer.',
  },
  rootCause: {
    name: 'Root Cause',
    kind: 'select',
    options: [...ROOT_CAUSES],
    description: 'Root cause category agreed in the postmortem.',
  },
  impactStart: {
    name: 'Impact Start',
    kind: 'datetime',
    options: [],
    description: 'When customers were first affected.',
  },
  mitigatedAt: {
    name: 'Mitigated At',
    kind: 'datetime',
    options: [],
    description: 'When customer impact ended.',
  },
  externalCause: {
    name: 'External Cause',
    kind: 'select',
    options: ['Yes', 'No'],
    description: 'Yes when a third party caused the incident.',
  },
  pagerdutyIncident: {
    name: 'PagerDuty Incident',
    kind: 'text',
    options: [],
    description: 'Id of the PagerDuty incident this ticket tracks.',
  },
  team: { name: 'Team', kind: 'team', options: [], description: 'Owning team.' },
  deploy: {
    name: 'Deploy',
    kind: 'text',
    options: [],
    description: 'Commit SHA or pull request (owner/repo#N) of the deploy that caused the incident.',
  },
  storyPoints: { name: 'Story point estimate', kind: 'number', options: [], description: '' },
  startDate: { name: 'Start date', kind: 'date', options: [], description: '' },
} as const;

export type CustomFieldKey = keyof typeof CUSTOM_FIELDS;
export type CustomFieldKind = (typeof CUSTOM_FIELDS)[CustomFieldKey]['kind'];

/** `schema` of each kind as `/rest/api/3/field` shows it. */
export const FIELD_SCHEMAS: Record<CustomFieldKind, { type: string; custom: string; items?: string }> = {
  select: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  datetime: { type: 'datetime', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datetime' },
  text: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield' },
  team: { type: 'team', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team' },
  number: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float' },
  date: { type: 'date', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:datepicker' },
};

/** Clause-name suffix Jira adds for each custom field kind (`Severity[Dropdown]`). */
export const CLAUSE_SUFFIX: Record<CustomFieldKind, string> = {
  select: 'Dropdown',
  datetime: 'Time stamp',
  text: 'Short text',
  team: 'Team',
  number: 'Number',
  date: 'Date',
};

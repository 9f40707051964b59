import type { CustomFieldKey, IssueTypeKey, LinkTypeKey, Severity, StatusKey } from './catalog.ts';

/**
 * The generated Jira site. Every issue keeps the field values it was created with and its full history (past
 * and future); what the API shows is replayed from them as of the sandbox clock (see state.ts), so the
 * payloads, the changelog and the ground truth can never disagree.
 */

export interface JiraUserModel {
  accountId: string;
  displayName: string;
  emailAddress: string;
  timeZone: string;
  /** PagerDuty team indices this person belongs to (none for Jira-only people). */
  teams: number[];
  /** The same person in the PagerDuty org, or null. */
  pagerdutyUser: number | null;
}

export interface ProjectModel {
  id: string;
  key: string;
  name: string;
  description: string;
  issueType: IssueTypeKey;
  /** The PagerDuty team owning the project (its name), or null for INC and PM. */
  team: number | null;
  category: { id: string; name: string; description: string };
}

export interface CustomFieldModel {
  key: CustomFieldKey;
  /** `customfield_10042` */
  id: string;
  numericId: number;
  options: Array<{ id: string; value: string }>;
}

/** An Atlassian team (the value of the `Team` field), one per PagerDuty team, same name. */
export interface TeamModel {
  id: string;
  name: string;
}

/** Field values an issue can hold; every change to one of them is a changelog item. */
export interface FieldValues {
  summary: string;
  status: StatusKey;
  /** Resolution `Done` is set (Jira sets it on the transition into a done status, clears it on reopen). */
  resolved: boolean;
  /** Index into `users`. */
  assignee: number | null;
  labels: readonly string[];
  /** `YYYY-MM-DD` */
  duedate: string | null;
  /** Index into `projects`. */
  project: number;
  /** PagerDuty team index (`Team` field). */
  team: number | null;
  severity: Severity | null;
  customerSeverity: Severity | null;
  rootCause: string | null;
  impactStart: number | null;
  mitigatedAt: number | null;
  externalCause: 'Yes' | 'No' | null;
  pagerdutyIncident: string | null;
}

export type ChangeableField = keyof FieldValues;

export type FieldChange = {
  [K in ChangeableField]: { field: K; from: FieldValues[K]; to: FieldValues[K] };
}[ChangeableField];

/** An issue link added after creation; Jira records it in both issues' changelogs (field `Link`). */
export interface LinkChange {
  field: 'link';
  link: LinkModel;
}

export type ItemModel = FieldChange | LinkChange;

export interface HistoryModel {
  /** Global, increasing with time (assigned once every issue is planned). */
  id: number;
  at: number;
  /** Index into `users`. */
  author: number;
  items: ItemModel[];
}

/**
 * `source` reads the outward phrase ("PM-3 is postmortem of INC-12"). Embedded in an issue, Jira shows the
 * other side: `outwardIssue` on the source, `inwardIssue` on the target.
 */
export interface LinkModel {
  id: number;
  type: LinkTypeKey;
  source: IssueModel;
  target: IssueModel;
  at: number;
}

export interface IssueModel {
  /** Position in `JiraWorld.issues` (creation order). */
  index: number;
  id: number;
  key: string;
  type: IssueTypeKey;
  createdAt: number;
  reporter: number;
  description: string;
  initial: FieldValues;
  /** Time order; items within one history apply in order. */
  histories: HistoryModel[];
  links: LinkModel[];
  /** Generator facts for the truth (the payload shows them only through fields and labels). */
  pagerdutyIncidentId: string | null;
  linkBasis: 'field' | 'label' | null;
}

export interface JiraWorld {
  users: JiraUserModel[];
  /** The API user (`/myself`), also the reporter of tickets the PagerDuty integration opens. */
  apiUser: number;
  projects: ProjectModel[];
  /** Project index of each PagerDuty team. */
  teamProjects: number[];
  incidentProject: number;
  postmortemProject: number;
  teams: TeamModel[];
  fields: Record<CustomFieldKey, CustomFieldModel>;
  issues: IssueModel[];
  byKey: Map<string, IssueModel>;
  byId: Map<string, IssueModel>;
}

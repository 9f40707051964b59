/**
 * The generated PagerDuty world, stored compactly: the directory (teams, users, services, policies) as small
 * objects, and incidents and their full timelines as parallel typed arrays so that 110,000 incidents with
 * ~9 log entries each fit in a few tens of megabytes. JSON is rendered per request from these arrays.
 */

export const ACCOUNT_TIME_ZONE = 'America/Los_Angeles';
export const API_BASE = 'https://api.pagerduty.com';
export const WEB_BASE = 'https://opsledger-sandbox.pagerduty.com';

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
export type PriorityName = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
export type Urgency = 'high' | 'low';
export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

/** Log entry kinds, stored as a byte. */
export const EntryType = {
  trigger: 0,
  assign: 1,
  notify: 2,
  acknowledge: 3,
  unacknowledge: 4,
  escalate: 5,
  annotate: 6,
  resolve: 7,
} as const;
export type EntryTypeCode = (typeof EntryType)[keyof typeof EntryType];

/** How an action reached PagerDuty (`channel.type`), stored as a byte. Notify entries store the medium. */
export const Channel = {
  api: 0,
  auto: 1,
  website: 2,
  timeout: 3,
  note: 4,
  sms: 5,
  phone: 6,
  email: 7,
  push: 8,
  webTrigger: 9,
  mobile: 10,
} as const;
export type ChannelCode = (typeof Channel)[keyof typeof Channel];

/** `entryAgent` value meaning "the incident's service did it" rather than a user. */
export const SERVICE_AGENT = -1;
/** `entryUser` value meaning "no user". */
export const NO_USER = -1;

export interface TeamModel {
  id: string;
  name: string;
  description: string;
  timeZone: string;
}

export interface UserModel {
  id: string;
  name: string;
  email: string;
  phone: string;
  timeZone: string;
  role: 'admin' | 'user' | 'limited_user' | 'observer';
  color: string;
  jobTitle: string;
  teams: number[];
  /** Notification media in the order the user's rules fire them (first at +5 s, then +1 min, +5 min). */
  notifyChain: ChannelCode[];
  createdViaSso: boolean;
}

export interface ServiceModel {
  id: string;
  name: string;
  description: string;
  team: number;
  escalationPolicy: number;
  /** Seconds; null when the service never un-acknowledges on its own. */
  acknowledgementTimeout: number | null;
  /** Seconds; null when incidents never auto-resolve. */
  autoResolveTimeout: number | null;
  createdAt: number;
  integrationId: string;
  /** A reorganisation: before `teamSince` the service belonged to `previousTeam` (with its escalation policy). */
  previousTeam?: number;
  previousEscalationPolicy?: number;
  teamSince?: number;
}

/** The team that owned a service at a moment (point in time: a reorganisation moves services between teams). */
export function serviceTeamAt(service: ServiceModel, at: number): number {
  return service.teamSince !== undefined && at < service.teamSince && service.previousTeam !== undefined
    ? service.previousTeam
    : service.team;
}

/** The escalation policy that paged for a service at a moment. */
export function servicePolicyAt(service: ServiceModel, at: number): number {
  return service.teamSince !== undefined &&
    at < service.teamSince &&
    service.previousEscalationPolicy !== undefined
    ? service.previousEscalationPolicy
    : service.escalationPolicy;
}

export interface ScheduleModel {
  id: string;
  name: string;
  team: number;
  /** Weekly rotation, in order. */
  users: number[];
  /** Rotation offset so that two schedules of one team put different people on call the same week. */
  offset: number;
}

export interface EscalationRuleModel {
  id: string;
  delayMinutes: number;
  schedule: number;
}

export interface EscalationPolicyModel {
  id: string;
  name: string;
  team: number;
  rules: EscalationRuleModel[];
  numLoops: number;
  services: number[];
}

export interface PriorityModel {
  id: string;
  name: PriorityName;
  description: string;
}

export interface OrgModel {
  teams: TeamModel[];
  users: UserModel[];
  services: ServiceModel[];
  schedules: ScheduleModel[];
  escalationPolicies: EscalationPolicyModel[];
  priorities: PriorityModel[];
}

/**
 * Incidents in creation order (index i has incident_number i + 1 and a strictly later created_at than i - 1),
 * with every log entry of their full timeline (past and future) in the entry arrays.
 */
export interface IncidentStore {
  count: number;
  ids: string[];
  createdAt: Float64Array;
  service: Uint16Array;
  /** 1..4 for SEV1..SEV4. */
  severity: Uint8Array;
  /** 0 = no priority, 1..5 = P1..P5. */
  priority: Uint8Array;
  /** 0 = high, 1 = low. */
  urgency: Uint8Array;
  title: string[];
  alertCount: Uint8Array;
  /** Entries of incident i are entryStart[i] .. entryStart[i + 1] - 1, in time order. */
  entryStart: Uint32Array;
  entryType: Uint8Array;
  entryAt: Float64Array;
  /** The user the entry is about (assignee, notified, acknowledger...), or NO_USER. */
  entryUser: Int16Array;
  /** The user who acted, or SERVICE_AGENT. */
  entryAgent: Int16Array;
  entryChannel: Uint8Array;
  entryIncident: Uint32Array;
  /** All entry indices sorted by (created_at, index): the `/log_entries` index. */
  entriesByTime: Uint32Array;
  /** First acknowledgement / final resolution of the full timeline (NaN when none). */
  firstAckAt: Float64Array;
  resolvedAt: Float64Array;
}

export interface PagerDutyWorld {
  seed: number;
  org: OrgModel;
  incidents: IncidentStore;
  /** The responder who carries an unfair share of the first team's primary rotation (see overload.ts). */
  overloadedUser: number;
  /** Keys for id derivation (log entries and alerts ids are computed, not stored). */
  keys: { logEntry: number; alert: number; incidentKey: number };
}

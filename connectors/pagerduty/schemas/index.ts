export { instant, pageEnvelope, pdId, reference } from './common.ts';
export { type EscalationPolicy, escalationPolicySchema } from './escalation-policy.ts';
export { type Incident, incidentSchema, incidentStatuses } from './incident.ts';
export {
  acknowledgementLogEntryTypes,
  knownLogEntryTypes,
  type LogEntry,
  logEntrySchema,
} from './log-entry.ts';
export { type Oncall, oncallKey, oncallSchema } from './oncall.ts';
export { type Priority, prioritySchema } from './priority.ts';
export { type Service, serviceSchema } from './service.ts';
export { type Team, teamSchema } from './team.ts';
export { type User, userSchema } from './user.ts';

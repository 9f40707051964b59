import { z } from 'zod';
import { instant, pdId, reference, referenceList } from './common.ts';

/**
 * Types the marts read. PagerDuty's spec lists both spellings of the acknowledgement entry, so both are named
 * here; any other well-formed `*_log_entry` type is accepted too, so a type PagerDuty adds later is stored
 * rather than rejected.
 */
export const knownLogEntryTypes = [
  'trigger_log_entry',
  'acknowledge_log_entry',
  'acknowledgement_log_entry',
  'unacknowledge_log_entry',
  'resolve_log_entry',
  'reopen_log_entry',
  'assign_log_entry',
  'unassign_log_entry',
  'escalate_log_entry',
  'notify_log_entry',
  'annotate_log_entry',
  'snooze_log_entry',
  'urgency_change_log_entry',
  'priority_change_log_entry',
  'merge_log_entry',
  'delegate_log_entry',
] as const;

export const acknowledgementLogEntryTypes: readonly string[] = [
  'acknowledge_log_entry',
  'acknowledgement_log_entry',
];

const logEntryType = z.string().regex(/^[a-z0-9_]+_log_entry$/, {
  error: (issue) =>
    `expected a log entry type such as "acknowledge_log_entry", got ${JSON.stringify(issue.input)}`,
});

/** Who or what did it: a user, a service, an integration... Only its type is required to be readable. */
const agent = z.looseObject({ id: pdId.optional(), type: z.string().min(1) });

/** A log entry of `GET /log_entries` (or `/incidents/{id}/log_entries`), with its incident reference. */
export const logEntrySchema = z.looseObject({
  id: pdId,
  type: logEntryType,
  created_at: instant,
  incident: reference,
  agent: agent.nullable().optional(),
  user: reference.nullable().optional(),
  assignees: referenceList.optional(),
  channel: z.looseObject({ type: z.string() }).nullable().optional(),
  teams: referenceList.optional(),
});

export type LogEntry = z.infer<typeof logEntrySchema>;

import { z } from 'zod';
import { instant, pdId, reference, referenceList } from './common.ts';

export const incidentStatuses = ['triggered', 'acknowledged', 'resolved'] as const;

/** Null on accounts without priorities; the marts map severity from its name (or summary) and the urgency. */
const priority = z.looseObject({ id: pdId, summary: z.string().optional(), name: z.string().optional() });

/**
 * An incident as returned by `GET /incidents` and `GET /incidents/{id}`. Only the fields the pipeline relies on
 * are checked; every other key is kept. `acknowledgements[]` and `assignments[]` are emptied by PagerDuty on
 * resolve, so the timeline comes from log entries; they are validated here only when present.
 */
export const incidentSchema = z.looseObject({
  id: pdId,
  type: z.literal('incident'),
  incident_number: z.number().int().positive(),
  status: z.enum(incidentStatuses),
  urgency: z.enum(['high', 'low']),
  created_at: instant,
  updated_at: instant.optional(),
  resolved_at: instant.nullable().optional(),
  last_status_change_at: instant.nullable().optional(),
  title: z.string().optional(),
  service: reference,
  escalation_policy: reference.optional(),
  priority: priority.nullable().optional(),
  teams: referenceList,
  acknowledgements: z.array(z.looseObject({ at: instant, acknowledger: reference })).optional(),
  assignments: z.array(z.looseObject({ at: instant, assignee: reference })).optional(),
});

export type Incident = z.infer<typeof incidentSchema>;

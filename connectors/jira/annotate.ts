import { DataError } from '../../src/errors/index.ts';
import { type LinkedIssue, linkedIssues, pagerDutyReference } from '../../transforms/linking.ts';
import { toInstant, toIsoUtc } from '../../transforms/timestamps.ts';
import { fieldFlag, fieldText } from './field-values.ts';
import type { FieldMap } from './fields.ts';
import type { FieldRole } from './options.ts';
import type { JiraIssue } from './schemas.ts';

export interface AnnotateOptions {
  pagerdutyLabelPrefix: string;
  /** Labels that mark a third-party cause (compared case-insensitively). */
  externalLabels: readonly string[];
}

/**
 * What opsledger read from an issue, kept beside the payload under the `opsledger` key: the configured fields
 * by role (so SQL does not need to know this site's custom field ids) and the references the linking rules
 * found. Derived only from the payload and the configuration, so re-reading an unchanged issue gives the
 * same record.
 */
export interface IssueAnnotation {
  field_ids: Partial<Record<FieldRole, string>>;
  severity: string | null;
  customer_severity: string | null;
  root_cause: string | null;
  /** ISO-8601 UTC. */
  impact_started_at: string | null;
  mitigated_at: string | null;
  is_external: boolean;
  /** YYYY-MM-DD. */
  due_date: string | null;
  /** The team field's value (a team name). */
  team: string | null;
  /** The deploy field's text: a SHA or owner/repo#PR naming the deploy that caused the incident. */
  deploy_reference: string | null;
  pagerduty_incident_id: string | null;
  pagerduty_link_basis: 'field' | 'label' | null;
  links: LinkedIssue[];
}

export type AnnotatedIssue = JiraIssue & { opsledger: IssueAnnotation };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads one role's value; the error names the field id, its name and the setting. */
class FieldReader {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly map: FieldMap,
  ) {}

  raw(role: FieldRole): unknown {
    const field = this.map[role];
    return field ? this.fields[field.id] : undefined;
  }

  text(role: FieldRole): string | null {
    return fieldText(this.raw(role));
  }

  instant(role: FieldRole): string | null {
    const value = this.raw(role);
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'string')
      throw this.#error(role, `expected a date-time string, got ${JSON.stringify(value)}`);
    try {
      return toIsoUtc(toInstant(value));
    } catch (error) {
      throw this.#error(role, (error as Error).message);
    }
  }

  date(role: FieldRole): string | null {
    const value = this.raw(role);
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'string' || !DATE.test(value))
      throw this.#error(role, `expected a date like 2024-01-15, got ${JSON.stringify(value)}`);
    return value;
  }

  #error(role: FieldRole, message: string): DataError {
    const field = this.map[role]!;
    return new DataError(`fields.${field.id} (${field.name}): ${message}`, `fields.${field.id}`);
  }
}

/** The annotation of one validated issue; throws DataError (naming the field) when a configured value is unusable. */
export function annotateIssue(issue: JiraIssue, map: FieldMap, options: AnnotateOptions): IssueAnnotation {
  const fields = issue.fields as Record<string, unknown>;
  const read = new FieldReader(fields, map);
  const labels = issue.fields.labels ?? [];
  const pagerduty = pagerDutyReference(read.text('pagerdutyIncident'), labels, {
    labelPrefix: options.pagerdutyLabelPrefix,
  });
  const externalLabels = new Set(options.externalLabels.map((l) => l.toLowerCase()));
  const externalByLabel = labels.some((l) => externalLabels.has(l.toLowerCase()));
  const fieldIds: Partial<Record<FieldRole, string>> = {};
  for (const [role, field] of Object.entries(map) as Array<[FieldRole, FieldMap[FieldRole]]>)
    if (field) fieldIds[role] = field.id;
  return {
    field_ids: fieldIds,
    severity: read.text('severity'),
    customer_severity: read.text('customerSeverity'),
    root_cause: read.text('rootCause'),
    impact_started_at: read.instant('impactStart'),
    mitigated_at: read.instant('mitigatedAt'),
    is_external: externalByLabel || fieldFlag(read.raw('externalCause')) === true,
    due_date: read.date('dueDate'),
    team: read.text('team'),
    deploy_reference: read.text('deploy'),
    pagerduty_incident_id: pagerduty?.incidentId ?? null,
    pagerduty_link_basis: pagerduty?.basis ?? null,
    links: linkedIssues(issue.fields.issuelinks, issue.fields.parent),
  };
}

/**
 * Cross-system linking rules, as pure functions over one record: which PagerDuty incident a Jira incident
 * ticket tracks, and which issues a Jira issue points at through issue links or its parent. Joining those
 * references to the rows they name happens in SQL (sql/marts/incident_links.sql, postmortems.sql,
 * action_items.sql), which keeps every record, linkable or not.
 */

/** How a ticket was tied to its PagerDuty incident. */
export type PagerDutyLinkBasis = 'field' | 'label';

export interface PagerDutyReference {
  incidentId: string;
  basis: PagerDutyLinkBasis;
}

export interface PagerDutyReferenceOptions {
  /** Label prefix that names an incident, e.g. `pagerduty-` in `pagerduty-Q1ABC2DEF`. Compared case-insensitively. */
  labelPrefix: string;
}

/**
 * PagerDuty incident ids: `P` + 6 upper-case letters or digits (PT4KHLK), or the newer `Q` + 13 (Q0RIJJZL24RC6W).
 * A whole field value or label suffix of that shape is an id; inside free text a word must also hold a digit,
 * so that words such as PAYMENT in "PAYMENT API DOWN" are not taken for one.
 */
const ID = /^[PQ][A-Z0-9]{6}(?:[A-Z0-9]{7})?$/;
const hasDigit = /\d/;
/** `https://acme.pagerduty.com/incidents/Q1ABC2DEF` (web) or `https://api.pagerduty.com/incidents/Q1ABC2DEF`. */
const INCIDENT_URL = /https?:\/\/[^\s/]*pagerduty\.com\/incidents\/([A-Za-z0-9]+)/i;

/**
 * The PagerDuty incident id in a field value: a bare id, an incident URL (what PagerDuty's Jira integration
 * writes as its external reference), or text containing either. Null when the text names no incident.
 */
export function incidentIdFromText(text: string | null | undefined): string | null {
  if (!text) return null;
  const fromUrl = INCIDENT_URL.exec(text)?.[1];
  if (fromUrl) return fromUrl.toUpperCase();
  const trimmed = text.trim();
  if (ID.test(trimmed)) return trimmed;
  // Free text such as "PD: Q1ABC2DEF (paged twice)": the first id-shaped word.
  for (const word of trimmed.split(/[^A-Za-z0-9]+/)) if (ID.test(word) && hasDigit.test(word)) return word;
  return null;
}

/** The incident id named by a `pagerduty-<ID>` label, or null. The first matching label wins. */
export function incidentIdFromLabels(
  labels: readonly string[] | null | undefined,
  options: PagerDutyReferenceOptions,
): string | null {
  const prefix = options.labelPrefix.toLowerCase();
  for (const label of labels ?? []) {
    if (!label.toLowerCase().startsWith(prefix)) continue;
    const id = label.slice(prefix.length).toUpperCase();
    if (ID.test(id)) return id;
  }
  return null;
}

/**
 * Which PagerDuty incident a Jira incident ticket tracks: the configured field first (a person typed it, or
 * the integration wrote the incident URL there), then a `pagerduty-<ID>` label. Null for Jira-only incidents.
 */
export function pagerDutyReference(
  fieldText: string | null | undefined,
  labels: readonly string[] | null | undefined,
  options: PagerDutyReferenceOptions,
): PagerDutyReference | null {
  const fromField = incidentIdFromText(fieldText);
  if (fromField) return { incidentId: fromField, basis: 'field' };
  const fromLabel = incidentIdFromLabels(labels, options);
  if (fromLabel) return { incidentId: fromLabel, basis: 'label' };
  return null;
}

/** An issue named by a link or a parent, by id (stable when an issue moves project) and key. */
export interface IssueRef {
  id: string;
  key: string;
}

export interface LinkedIssue extends IssueRef {
  /** Link type name, e.g. `Postmortem`; `parent` for the parent field. */
  type: string;
  /** outward: this issue "is postmortem of" the other; inward: the other "is postmortem of" this one. */
  direction: 'outward' | 'inward' | 'parent';
}

interface RawLink {
  type?: { name?: unknown } | null;
  outwardIssue?: { id?: unknown; key?: unknown } | null;
  inwardIssue?: { id?: unknown; key?: unknown } | null;
}

function issueRef(raw: { id?: unknown; key?: unknown } | null | undefined): IssueRef | null {
  if (!raw || typeof raw.key !== 'string') return null;
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : raw.key;
  return { id, key: raw.key };
}

/**
 * The issues an issue's `issuelinks` and `parent` point at, with the direction seen from this issue. Links
 * appear on both ends in Jira, so a link read from either end gives the same pair once the SQL puts each
 * pair in its canonical direction.
 */
export function linkedIssues(
  issuelinks: readonly RawLink[] | null | undefined,
  parent: { id?: unknown; key?: unknown } | null | undefined,
): LinkedIssue[] {
  const out: LinkedIssue[] = [];
  for (const link of issuelinks ?? []) {
    const type = typeof link.type?.name === 'string' ? link.type.name : '';
    const outward = issueRef(link.outwardIssue);
    if (outward) out.push({ ...outward, type, direction: 'outward' });
    const inward = issueRef(link.inwardIssue);
    if (inward) out.push({ ...inward, type, direction: 'inward' });
  }
  const up = issueRef(parent);
  if (up) out.push({ ...up, type: 'parent', direction: 'parent' });
  return out;
}

/**
 * The title part of an incident's recurrence fingerprint: lower case, runs of digits as `#`, everything but
 * letters and `#` as single spaces. "payments-api-03: error rate above 5%" and "payments-api-11: error rate
 * above 7%" fold to the same text. sql/marts/incident_recurrence.sql applies the same rule in SQL.
 */
export function titleFingerprint(title: string | null | undefined): string {
  return (title ?? '')
    .toLowerCase()
    .replace(/[0-9]+/g, '#')
    .replace(/[^a-z#]+/g, ' ')
    .trim();
}

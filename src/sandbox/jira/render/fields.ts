import { API, CUSTOM_FIELDS, type CustomFieldKey, LINK_TYPES } from '../catalog.ts';
import type { IssueModel, JiraWorld } from '../model.ts';
import { type IssueState, issueStateAt, visibleLinks } from '../state.ts';
import { PRIORITY, RESOLUTION, type RenderBook } from './book.ts';
import { jiraTime } from './time.ts';

export interface RenderContext {
  world: JiraWorld;
  book: RenderBook;
  now: number;
}

type Renderer = (ctx: RenderContext, issue: IssueModel, state: IssueState) => unknown;

export interface SystemFieldDef {
  id: string;
  name: string;
  schema: Record<string, string>;
  clauseNames: string[];
  orderable: boolean;
  /** Undefined means the key is left out of the issue (Jira omits `parent` when there is none). */
  render: Renderer;
}

const time = (ms: number | null) => (ms === null ? null : jiraTime(ms));

/** Atlassian Document Format, as v3 renders rich text. */
export function adf(text: string): Record<string, unknown> {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

function linkedIssue(ctx: RenderContext, other: IssueModel): Record<string, unknown> {
  const state = issueStateAt(other, ctx.now);
  return {
    id: String(other.id),
    key: other.key,
    self: `${API}/issue/${other.id}`,
    fields: {
      summary: state.summary,
      status: ctx.book.statuses[state.status],
      priority: PRIORITY,
      issuetype: ctx.book.issueTypes[other.type],
    },
  };
}

function issueLinks(ctx: RenderContext, issue: IssueModel): unknown[] {
  return visibleLinks(issue, ctx.now).map((link) => {
    const outward = link.source === issue;
    return {
      id: String(link.id),
      self: `${API}/issueLink/${link.id}`,
      type: ctx.book.linkTypes[link.type],
      [outward ? 'outwardIssue' : 'inwardIssue']: linkedIssue(ctx, outward ? link.target : link.source),
    };
  });
}

const system = (
  id: string,
  name: string,
  schema: Record<string, string>,
  render: Renderer,
  clauseNames: string[] = [id],
  orderable = true,
): SystemFieldDef => ({ id, name, schema, clauseNames, orderable, render });

/** System fields the sandbox serves, in the order they appear in an issue's `fields`. */
export const SYSTEM_FIELDS: SystemFieldDef[] = [
  system('summary', 'Summary', { type: 'string', system: 'summary' }, (_c, _i, s) => s.summary),
  system(
    'issuetype',
    'Issue Type',
    { type: 'issuetype', system: 'issuetype' },
    (c, i) => c.book.issueTypes[i.type],
    ['issuetype', 'type'],
  ),
  system(
    'project',
    'Project',
    { type: 'project', system: 'project' },
    (c, _i, s) => c.book.projects[s.project],
  ),
  system(
    'status',
    'Status',
    { type: 'status', system: 'status' },
    (c, _i, s) => c.book.statuses[s.status],
    ['status'],
    false,
  ),
  system('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }, (_c, _i, s) =>
    s.resolved ? RESOLUTION : null,
  ),
  system(
    'resolutiondate',
    'Resolved',
    { type: 'datetime', system: 'resolutiondate' },
    (_c, _i, s) => time(s.resolutionDate),
    ['resolutiondate', 'resolved'],
    false,
  ),
  system(
    'created',
    'Created',
    { type: 'datetime', system: 'created' },
    (_c, i) => jiraTime(i.createdAt),
    ['created', 'createdDate'],
    false,
  ),
  system(
    'updated',
    'Updated',
    { type: 'datetime', system: 'updated' },
    (_c, _i, s) => jiraTime(s.updatedAt),
    ['updated', 'updatedDate'],
    false,
  ),
  system(
    'statuscategorychangedate',
    'Status Category Changed',
    { type: 'datetime', system: 'statuscategorychangedate' },
    (_c, _i, s) => jiraTime(s.statusCategoryChangedAt),
    ['statusCategoryChangedDate'],
    false,
  ),
  system('duedate', 'Due date', { type: 'date', system: 'duedate' }, (_c, _i, s) => s.duedate, [
    'duedate',
    'due',
  ]),
  system('priority', 'Priority', { type: 'priority', system: 'priority' }, () => PRIORITY),
  system('assignee', 'Assignee', { type: 'user', system: 'assignee' }, (c, _i, s) => c.book.user(s.assignee)),
  system('reporter', 'Reporter', { type: 'user', system: 'reporter' }, (c, i) => c.book.user(i.reporter)),
  system(
    'creator',
    'Creator',
    { type: 'user', system: 'creator' },
    (c, i) => c.book.user(i.reporter),
    ['creator'],
    false,
  ),
  system('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, (_c, _i, s) => [
    ...s.labels,
  ]),
  system('description', 'Description', { type: 'string', system: 'description' }, (_c, i) =>
    adf(i.description),
  ),
  system(
    'issuelinks',
    'Linked Issues',
    { type: 'array', items: 'issuelinks', system: 'issuelinks' },
    (c, i) => issueLinks(c, i),
    ['issueLink'],
  ),
  system('parent', 'Parent', { type: 'issuelink', system: 'parent' }, () => undefined, ['parent']),
];

/** Value of each custom field as the issue holds it now. */
const CUSTOM_RENDERERS: Record<CustomFieldKey, Renderer> = {
  severity: (c, _i, s) => c.book.option('severity', s.severity),
  customerSeverity: (c, _i, s) => c.book.option('customerSeverity', s.customerSeverity),
  rootCause: (c, _i, s) => c.book.option('rootCause', s.rootCause),
  impactStart: (_c, _i, s) => time(s.impactStart),
  mitigatedAt: (_c, _i, s) => time(s.mitigatedAt),
  externalCause: (c, _i, s) => c.book.option('externalCause', s.externalCause),
  pagerdutyIncident: (_c, _i, s) => s.pagerdutyIncident,
  team: (c, _i, s) => c.book.team(s.team),
  // Responders rarely fill it in; the sandbox leaves it empty (tests set it on the raw payload).
  deploy: () => null,
  storyPoints: () => null,
  startDate: () => null,
};

export interface FieldEntry {
  id: string;
  render: Renderer;
}

/** Every field an issue can show, system first, then custom fields in id order. */
export function allFields(world: JiraWorld): FieldEntry[] {
  const custom = (Object.keys(CUSTOM_FIELDS) as CustomFieldKey[])
    .map((key) => ({ id: world.fields[key].id, render: CUSTOM_RENDERERS[key] }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return [...SYSTEM_FIELDS.map((f) => ({ id: f.id, render: f.render })), ...custom];
}

/** The phrase a `Link` changelog item uses, seen from `issue`. */
export function linkPhrase(
  issue: IssueModel,
  link: { type: keyof typeof LINK_TYPES; source: IssueModel },
): string {
  const t = LINK_TYPES[link.type];
  return link.source === issue ? t.outward : t.inward;
}

import { API, CUSTOM_FIELDS, type CustomFieldKey } from '../catalog.ts';
import type { IssueModel } from '../model.ts';
import { issueStateAt } from '../state.ts';
import { embeddedChangelog } from './changelog.ts';
import { allFields, type FieldEntry, type RenderContext, SYSTEM_FIELDS } from './fields.ts';

export const ISSUE_EXPAND =
  'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

export interface FieldSelection {
  /** Nothing but `{id}` per issue (the enhanced search's default). */
  idsOnly: boolean;
  fields: FieldEntry[];
}

/**
 * Reads `fields` as Jira does: a comma list (or repeated parameter) of field ids, `*all`, `*navigable`, and
 * `-id` to drop one; unknown ids are ignored. With no `fields`, search returns ids only and the issue
 * resource returns everything.
 */
export function selectFields(
  ctx: RenderContext,
  values: string[],
  whenAbsent: 'ids' | 'all',
): FieldSelection {
  const tokens = values
    .flatMap((v) => v.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const entries = allFields(ctx.world);
  if (tokens.length === 0)
    return { idsOnly: whenAbsent === 'ids', fields: whenAbsent === 'all' ? entries : [] };
  const wanted = new Set<string>();
  const dropped = new Set<string>();
  let everything = false;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    if (lower === '*all' || lower === '*navigable') everything = true;
    else if (token.startsWith('-')) dropped.add(token.slice(1).toLowerCase());
    else wanted.add(lower);
  }
  const fields = entries.filter((e) => {
    const id = e.id.toLowerCase();
    return (everything || wanted.has(id)) && !dropped.has(id);
  });
  const idsOnly = fields.length === 0 && [...wanted].every((w) => w === 'id') && !everything;
  return { idsOnly, fields };
}

/** `names` expansion: display name of each returned field. */
export function fieldNames(ctx: RenderContext, selection: FieldSelection): Record<string, string> {
  const byId = new Map<string, string>(SYSTEM_FIELDS.map((f) => [f.id, f.name]));
  for (const key of Object.keys(CUSTOM_FIELDS) as CustomFieldKey[]) {
    byId.set(ctx.world.fields[key].id, CUSTOM_FIELDS[key].name);
  }
  return Object.fromEntries(selection.fields.map((f) => [f.id, byId.get(f.id) ?? f.id]));
}

export function renderIssue(
  ctx: RenderContext,
  issue: IssueModel,
  selection: FieldSelection,
  changelogCap: number | null,
): Record<string, unknown> {
  if (selection.idsOnly && changelogCap === null) return { id: String(issue.id) };
  const state = issueStateAt(issue, ctx.now);
  const fields: Record<string, unknown> = {};
  for (const entry of selection.fields) {
    const value = entry.render(ctx, issue, state);
    if (value !== undefined) fields[entry.id] = value;
  }
  const out: Record<string, unknown> = {
    expand: ISSUE_EXPAND,
    id: String(issue.id),
    self: `${API}/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  if (changelogCap !== null)
    out.changelog = embeddedChangelog(ctx, issue, state.visibleHistories, changelogCap);
  return out;
}

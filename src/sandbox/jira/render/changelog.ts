import { API, CUSTOM_FIELDS, type CustomFieldKey, RESOLUTION_DONE, STATUSES } from '../catalog.ts';
import type { HistoryModel, IssueModel, ItemModel } from '../model.ts';
import { linkPhrase, type RenderContext } from './fields.ts';
import { jiraTime } from './time.ts';

type Item = Record<string, unknown>;

const jiraItem = (
  field: string,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toText: string | null,
): Item => ({
  field,
  fieldtype: 'jira',
  fieldId: field,
  from,
  fromString,
  to,
  toString: toText,
});

function customItem(
  ctx: RenderContext,
  key: CustomFieldKey,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toText: string | null,
): Item {
  return {
    field: CUSTOM_FIELDS[key].name,
    fieldtype: 'custom',
    fieldId: ctx.world.fields[key].id,
    from,
    fromString,
    to,
    toString: toText,
  };
}

function selectItem(ctx: RenderContext, key: CustomFieldKey, from: string | null, to: string | null): Item {
  const id = (v: string | null) => (v === null ? null : ctx.book.optionId(key, v));
  return customItem(ctx, key, id(from), from, id(to), to);
}

const time = (ms: number | null) => (ms === null ? null : jiraTime(ms));

/**
 * One changelog item as Jira writes it: ids in `from`/`to`, display text in `fromString`/`toString`
 * (select options: option id and value; users: account id and display name; statuses: status id and name).
 */
export function renderItem(ctx: RenderContext, issue: IssueModel, item: ItemModel): Item {
  const { world } = ctx;
  switch (item.field) {
    case 'link': {
      const other = item.link.source === issue ? item.link.target : item.link.source;
      return {
        field: 'Link',
        fieldtype: 'jira',
        from: null,
        fromString: null,
        to: other.key,
        toString: `This issue ${linkPhrase(issue, item.link)} ${other.key}`,
      };
    }
    case 'status':
      return jiraItem(
        'status',
        STATUSES[item.from].id,
        STATUSES[item.from].name,
        STATUSES[item.to].id,
        STATUSES[item.to].name,
      );
    case 'resolved': {
      const side = (v: boolean) => (v ? RESOLUTION_DONE : null);
      return jiraItem(
        'resolution',
        side(item.from)?.id ?? null,
        side(item.from)?.name ?? null,
        side(item.to)?.id ?? null,
        side(item.to)?.name ?? null,
      );
    }
    case 'assignee': {
      const user = (i: number | null) => (i === null ? null : world.users[i]!);
      const [from, to] = [user(item.from), user(item.to)];
      return {
        ...jiraItem(
          'assignee',
          from?.accountId ?? null,
          from?.displayName ?? null,
          to?.accountId ?? null,
          to?.displayName ?? null,
        ),
        tmpFromAccountId: from?.accountId ?? null,
        tmpToAccountId: to?.accountId ?? null,
      };
    }
    case 'labels':
      return jiraItem('labels', null, item.from.join(' '), null, item.to.join(' '));
    case 'summary':
      return jiraItem('summary', null, item.from, null, item.to);
    case 'duedate': {
      const text = (d: string | null) => (d === null ? null : `${d} 00:00:00.0`);
      return jiraItem('duedate', item.from, text(item.from), item.to, text(item.to));
    }
    case 'project': {
      const [from, to] = [world.projects[item.from]!, world.projects[item.to]!];
      return jiraItem('project', from.id, from.name, to.id, to.name);
    }
    case 'team': {
      const team = (i: number | null) => (i === null ? null : (world.teams[i] ?? null));
      const [from, to] = [team(item.from), team(item.to)];
      return customItem(ctx, 'team', from?.id ?? null, from?.name ?? null, to?.id ?? null, to?.name ?? null);
    }
    case 'severity':
    case 'customerSeverity':
    case 'rootCause':
    case 'externalCause':
      return selectItem(ctx, item.field, item.from, item.to);
    case 'impactStart':
    case 'mitigatedAt':
      return customItem(ctx, item.field, time(item.from), time(item.from), time(item.to), time(item.to));
    case 'pagerdutyIncident':
      return customItem(ctx, 'pagerdutyIncident', null, item.from, null, item.to);
  }
}

export function renderHistory(
  ctx: RenderContext,
  issue: IssueModel,
  history: HistoryModel,
): Record<string, unknown> {
  return {
    id: String(history.id),
    author: ctx.book.user(history.author),
    created: jiraTime(history.at),
    items: history.items.map((item) => renderItem(ctx, issue, item)),
  };
}

/**
 * `changelog` as search embeds it: at most `cap` histories, the NEWEST ones, newest first, with `total`
 * counting them all. The oldest transitions of a long history are therefore only reachable through
 * `GET /rest/api/3/issue/{key}/changelog`.
 */
export function embeddedChangelog(
  ctx: RenderContext,
  issue: IssueModel,
  visible: number,
  cap: number,
): Record<string, unknown> {
  const histories: unknown[] = [];
  for (let h = visible - 1; h >= 0 && histories.length < cap; h--) {
    histories.push(renderHistory(ctx, issue, issue.histories[h]!));
  }
  return { startAt: 0, maxResults: histories.length, total: visible, histories };
}

/** One page of `GET /rest/api/3/issue/{key}/changelog`: oldest first, offset paging. */
export function changelogPage(
  ctx: RenderContext,
  issue: IssueModel,
  visible: number,
  startAt: number,
  maxResults: number,
  pathKey: string,
): Record<string, unknown> {
  const end = Math.min(visible, startAt + maxResults);
  const values: unknown[] = [];
  for (let h = startAt; h < end; h++) values.push(renderHistory(ctx, issue, issue.histories[h]!));
  const base = `${API}/issue/${pathKey}/changelog`;
  const isLast = end >= visible;
  return {
    self: `${base}?startAt=${startAt}&maxResults=${maxResults}`,
    ...(isLast ? {} : { nextPage: `${base}?&startAt=${end}&maxResults=${maxResults}` }),
    maxResults,
    startAt,
    total: visible,
    isLast,
    values,
  };
}

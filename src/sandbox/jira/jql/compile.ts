import {
  API_USER_TIME_ZONE,
  ISSUE_TYPES,
  type IssueTypeKey,
  STATUS_CATEGORIES,
  STATUSES,
  type StatusCategoryKey,
  type StatusKey,
} from '../catalog.ts';
import { badRequest } from '../errors.ts';
import type { JiraWorld } from '../model.ts';
import { parseJqlDate } from './dates.ts';
import { unknownField } from './fields.ts';
import { type Node, type Operator, parseJql, type Value } from './parser.ts';
import { compareValue, type Row, type SortKey, sortParts } from './sort.ts';

export type { Row, SortKey } from './sort.ts';

export interface CompiledQuery {
  matches(row: Row): boolean;
  /** Sort values of a row, ending with its id (the final tie-breaker). */
  sortKey(row: Row): SortKey;
  compare(a: SortKey, b: SortKey): number;
}

interface CompileContext {
  world: JiraWorld;
  now: number;
}

type Predicate = (row: Row) => boolean;

const EQUALITY: Operator[] = ['=', '!=', 'in', 'not in', 'is', 'is not'];
const ORDERING: Operator[] = ['=', '!=', '>', '>=', '<', '<=', 'is', 'is not'];

const unsupportedOperator = (operator: Operator, field: string) =>
  badRequest(`The operator '${operator.toUpperCase()}' is not supported by the '${field}' field.`);
const noSuchValue = (value: string, field: string) =>
  badRequest(`The value '${value}' does not exist for the field '${field}'.`);

function membership<T>(
  node: Extract<Node, { kind: 'clause' }>,
  field: string,
  resolve: (v: Value) => T,
  get: (row: Row) => readonly T[],
): Predicate {
  if (!EQUALITY.includes(node.operator)) throw unsupportedOperator(node.operator, field);
  if (node.empty) {
    const wantEmpty = node.operator === '=' || node.operator === 'is';
    return (row) => (get(row).length === 0) === wantEmpty;
  }
  const set = new Set(node.values.map(resolve));
  const positive = node.operator === '=' || node.operator === 'in';
  // Jira's `!=` / `NOT IN` never match an empty field.
  return (row) => {
    const values = get(row);
    const hit = values.some((v) => set.has(v));
    return positive ? hit : values.length > 0 && !hit;
  };
}

function dateClause(
  node: Extract<Node, { kind: 'clause' }>,
  field: string,
  ctx: CompileContext,
  get: (row: Row) => number | null,
): Predicate {
  if (!ORDERING.includes(node.operator)) throw unsupportedOperator(node.operator, field);
  if (node.empty) {
    const wantEmpty = node.operator === '=' || node.operator === 'is';
    return (row) => (get(row) === null) === wantEmpty;
  }
  const at = parseJqlDate(node.values[0]!.text, field, ctx.now, API_USER_TIME_ZONE);
  const test: Record<string, (v: number) => boolean> = {
    '=': (v) => v === at,
    '!=': (v) => v !== at,
    '>': (v) => v > at,
    '>=': (v) => v >= at,
    '<': (v) => v < at,
    '<=': (v) => v <= at,
  };
  const op = test[node.operator]!;
  return (row) => {
    const v = get(row);
    return v !== null && op(v);
  };
}

const lower = (v: Value) => v.text.toLowerCase();

function clause(node: Extract<Node, { kind: 'clause' }>, ctx: CompileContext): Predicate {
  const { world } = ctx;
  const name = node.field.toLowerCase();
  switch (name) {
    case 'project':
      return membership(
        node,
        'project',
        (v) => {
          const p = world.projects.findIndex((x) =>
            [x.key, x.name, x.id].some((s) => s.toLowerCase() === lower(v)),
          );
          if (p < 0) throw noSuchValue(v.text, 'project');
          return p;
        },
        (row) => [row.state.project],
      );
    case 'issuetype':
    case 'type':
      return membership(
        node,
        'issuetype',
        (v) => {
          const entry = Object.entries(ISSUE_TYPES).find(
            ([, t]) => t.name.toLowerCase() === lower(v) || t.id === v.text,
          );
          if (!entry) throw noSuchValue(v.text, 'issuetype');
          return entry[0] as IssueTypeKey;
        },
        (row) => [row.issue.type],
      );
    case 'labels':
      return membership(node, 'labels', lower, (row) => row.state.labels.map((l) => l.toLowerCase()));
    case 'key':
    case 'issuekey':
    case 'id':
      return membership(
        node,
        'key',
        (v) => {
          const issue = world.byKey.get(v.text.toUpperCase()) ?? world.byId.get(v.text);
          if (!issue || issue.createdAt > ctx.now) {
            throw badRequest(`An issue with key '${v.text}' does not exist for field 'key'.`);
          }
          return issue.id;
        },
        (row) => [row.issue.id],
      );
    case 'status':
      return membership(
        node,
        'status',
        (v) => {
          const entry = Object.entries(STATUSES).find(
            ([, s]) => s.name.toLowerCase() === lower(v) || s.id === v.text,
          );
          if (!entry) throw noSuchValue(v.text, 'status');
          return entry[0] as StatusKey;
        },
        (row) => [row.state.status],
      );
    case 'statuscategory':
      return membership(
        node,
        'statusCategory',
        (v) => {
          const entry = Object.entries(STATUS_CATEGORIES).find(
            ([key, c]) => key === lower(v) || c.name.toLowerCase() === lower(v) || String(c.id) === v.text,
          );
          if (!entry) throw noSuchValue(v.text, 'statusCategory');
          return entry[0] as StatusCategoryKey;
        },
        (row) => [STATUSES[row.state.status].category],
      );
    case 'created':
    case 'createddate':
      return dateClause(node, node.field, ctx, (row) => row.issue.createdAt);
    case 'updated':
    case 'updateddate':
      return dateClause(node, node.field, ctx, (row) => row.state.updatedAt);
    case 'resolved':
    case 'resolutiondate':
      return dateClause(node, node.field, ctx, (row) => row.state.resolutionDate);
    default:
      throw unknownField(node.field);
  }
}

function compileNode(node: Node, ctx: CompileContext): Predicate {
  if (node.kind === 'clause') return clause(node, ctx);
  if (node.kind === 'not') {
    const inner = compileNode(node.child, ctx);
    return (row) => !inner(row);
  }
  const parts = node.children.map((c) => compileNode(c, ctx));
  return node.kind === 'and' ? (row) => parts.every((p) => p(row)) : (row) => parts.some((p) => p(row));
}

/**
 * Compiles a JQL text against the site as of `now`. A query with no restriction is refused, as Jira's
 * enhanced search does. Without ORDER BY results come newest first (`created DESC`).
 */
export function compileJql(jql: string, ctx: CompileContext): CompiledQuery {
  const query = parseJql(jql);
  if (query.where === null) {
    throw badRequest(
      'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    );
  }
  const matches = compileNode(query.where, ctx);
  const terms =
    query.orderBy.length > 0 ? query.orderBy : [{ field: 'created', descending: true, position: 0 }];
  const parts = [
    ...terms.flatMap((t) => sortParts(t.field, t.descending)),
    { get: (r: Row) => r.issue.id, descending: false },
  ];
  return {
    matches,
    sortKey: (row) => parts.map((p) => p.get(row)),
    compare: (a, b) => {
      for (let k = 0; k < parts.length; k++) {
        const c = compareValue(a[k] ?? null, b[k] ?? null);
        if (c !== 0) return parts[k]!.descending ? -c : c;
      }
      return 0;
    },
  };
}

import { badRequest } from '../errors.ts';
import type { IssueModel } from '../model.ts';
import type { IssueState } from '../state.ts';
import { isKnownField, unknownField } from './fields.ts';

export interface Row {
  issue: IssueModel;
  state: IssueState;
}

export type SortKey = Array<number | string | null>;

export interface SortPart {
  get: (row: Row) => number | string | null;
  descending: boolean;
}

/** The sort values one ORDER BY term contributes (a key sorts by project, then number). */
export function sortParts(field: string, descending: boolean): SortPart[] {
  switch (field.toLowerCase()) {
    case 'created':
    case 'createddate':
      return [{ get: (r) => r.issue.createdAt, descending }];
    case 'updated':
    case 'updateddate':
      return [{ get: (r) => r.state.updatedAt, descending }];
    case 'resolved':
    case 'resolutiondate':
      return [{ get: (r) => r.state.resolutionDate, descending }];
    case 'id':
      return [{ get: (r) => r.issue.id, descending }];
    case 'key':
    case 'issuekey':
      // Keys sort by project key, then numerically (INC-9 before INC-10).
      return [
        { get: (r) => r.issue.key.slice(0, r.issue.key.lastIndexOf('-')), descending },
        { get: (r) => Number(r.issue.key.slice(r.issue.key.lastIndexOf('-') + 1)), descending },
      ];
    default:
      if (isKnownField(field)) {
        throw badRequest(
          `Error in the JQL Query: the sandbox cannot sort by '${field}'; use created, updated, resolved, key or id.`,
        );
      }
      throw unknownField(field);
  }
}

/** Ascending order of one sort value; an empty value sorts after every other. */
export function compareValue(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

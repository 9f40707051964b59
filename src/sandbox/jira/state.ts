import { STATUSES } from './catalog.ts';
import type { FieldValues, HistoryModel, IssueModel, LinkModel } from './model.ts';

/** An issue as Jira shows it at one instant: its creation values with every history up to then applied. */
export interface IssueState extends FieldValues {
  /** Histories with `at <= now` are `histories[0 .. visibleHistories - 1]`. */
  visibleHistories: number;
  /** Last visible change (a history), else the creation time. */
  updatedAt: number;
  /** When the current resolution was set (Jira's `resolutiondate`), null while unresolved. */
  resolutionDate: number | null;
  /** Last change of status category (`statuscategorychangedate`). */
  statusCategoryChangedAt: number;
}

export function visibleHistoryCount(histories: readonly HistoryModel[], now: number): number {
  let lo = 0;
  let hi = histories.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (histories[mid]!.at <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function issueStateAt(issue: IssueModel, now: number): IssueState {
  const state: IssueState = {
    ...issue.initial,
    visibleHistories: visibleHistoryCount(issue.histories, now),
    updatedAt: issue.createdAt,
    resolutionDate: null,
    statusCategoryChangedAt: issue.createdAt,
  };
  const values = state as unknown as Record<string, unknown>;
  for (let h = 0; h < state.visibleHistories; h++) {
    const history = issue.histories[h]!;
    state.updatedAt = history.at;
    for (const item of history.items) {
      if (item.field === 'link') continue;
      if (item.field === 'status' && STATUSES[item.from].category !== STATUSES[item.to].category) {
        state.statusCategoryChangedAt = history.at;
      }
      if (item.field === 'resolved') state.resolutionDate = item.to ? history.at : null;
      values[item.field] = item.to;
    }
  }
  return state;
}

export const isVisible = (issue: IssueModel, now: number) => issue.createdAt <= now;

/** Links that exist at `now` (both issues exist once the link does). */
export function visibleLinks(issue: IssueModel, now: number): LinkModel[] {
  return issue.links.filter((l) => l.at <= now);
}

import { SECOND } from '../../time.ts';
import { type IssueTypeKey, type LinkTypeKey, STATUSES } from '../catalog.ts';
import type {
  ChangeableField,
  FieldChange,
  FieldValues,
  IssueModel,
  LinkModel,
  ProjectModel,
} from '../model.ts';

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function fieldChange<K extends ChangeableField>(
  field: K,
  from: FieldValues[K],
  to: FieldValues[K],
): FieldChange {
  return { field, from, to } as FieldChange;
}

/**
 * Builds one issue's life in time order. Every change is checked against the current values, so a history
 * item's `from` is always what the issue held just before, and status moves set or clear the resolution as
 * Jira's workflow post-functions do.
 */
export class IssueBuilder {
  readonly issue: IssueModel;
  readonly #state: FieldValues;
  #lastAt: number;
  /** First transition into a done status, for planning postmortems. */
  firstResolvedAt: number | null = null;

  constructor(input: {
    type: IssueTypeKey;
    createdAt: number;
    reporter: number;
    description: string;
    initial: FieldValues;
    pagerdutyIncidentId?: string | null;
    linkBasis?: 'field' | 'label' | null;
  }) {
    this.issue = {
      index: -1,
      id: 0,
      key: '',
      type: input.type,
      createdAt: Math.round(input.createdAt),
      reporter: input.reporter,
      description: input.description,
      initial: { ...input.initial },
      histories: [],
      links: [],
      pagerdutyIncidentId: input.pagerdutyIncidentId ?? null,
      linkBasis: input.linkBasis ?? null,
    };
    this.#state = { ...input.initial };
    this.#lastAt = this.issue.createdAt;
  }

  get state(): Readonly<FieldValues> {
    return this.#state;
  }

  /** Time of the last change made so far (or creation). */
  get lastAt(): number {
    return this.#lastAt;
  }

  /**
   * Records a history at `at` (moved to at least one second after the previous change). Fields whose value
   * does not change produce no item; a change with no item records nothing. Returns the time used.
   */
  change(at: number, author: number, patch: Partial<FieldValues>): number {
    const time = Math.round(Math.max(at, this.#lastAt + SECOND));
    const items: FieldChange[] = [];
    const state = this.#state as unknown as Record<ChangeableField, unknown>;
    for (const field of Object.keys(patch) as ChangeableField[]) {
      const to = patch[field];
      if (to === undefined || sameValue(state[field], to)) continue;
      if (field === 'status') {
        const nowDone = STATUSES[to as FieldValues['status']].category === 'done';
        if (nowDone !== this.#state.resolved) {
          items.push(fieldChange('resolved', this.#state.resolved, nowDone));
          this.#state.resolved = nowDone;
          if (nowDone) this.firstResolvedAt ??= time;
        }
      }
      items.push(fieldChange(field, state[field] as never, to as never));
      state[field] = to;
    }
    if (items.length === 0) return time;
    this.issue.histories.push({ id: 0, at: time, author, items });
    this.#lastAt = time;
    return time;
  }
}

/** Links two issues at `at`; both changelogs get a `Link` history (links change no field value). */
export function addLink(
  type: LinkTypeKey,
  source: IssueBuilder,
  target: IssueBuilder,
  at: number,
  author: number,
): LinkModel {
  const time = Math.round(Math.max(at, source.issue.createdAt, target.issue.createdAt) + SECOND);
  const link: LinkModel = { id: 0, type, source: source.issue, target: target.issue, at: time };
  for (const side of [source.issue, target.issue]) {
    side.links.push(link);
    side.histories.push({ id: 0, at: time, author, items: [{ field: 'link', link }] });
  }
  return link;
}

/**
 * Puts every planned issue in creation order and numbers it the way Jira would have: ids and history ids
 * grow globally with time, keys per project (an issue keeps the key of the project it was created in).
 */
export function finalizeIssues(builders: IssueBuilder[], projects: ProjectModel[]): IssueModel[] {
  const issues = builders.map((b) => b.issue).sort((a, b) => a.createdAt - b.createdAt);
  const counters = new Map<string, number>();
  issues.forEach((issue, k) => {
    const projectKey = projects[issue.initial.project]!.key;
    const n = (counters.get(projectKey) ?? 0) + 1;
    counters.set(projectKey, n);
    issue.index = k;
    issue.id = 10_000 + k;
    issue.key = `${projectKey}-${n}`;
    issue.histories.sort((a, b) => a.at - b.at);
  });
  const histories = issues.flatMap((issue) => issue.histories.map((h) => ({ issue, h })));
  histories.sort((a, b) => a.h.at - b.h.at || a.issue.id - b.issue.id);
  histories.forEach(({ h }, n) => {
    h.id = 10_000 + n;
  });
  const links = [...new Set(issues.flatMap((i) => i.links))];
  links.sort((a, b) => a.at - b.at || a.source.id - b.source.id || a.target.id - b.target.id);
  links.forEach((link, n) => {
    link.id = 10_000 + n;
  });
  return issues;
}

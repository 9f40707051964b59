import type { OrgModel } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY } from '../../time.ts';
import { ACTIONS_BOT_ID, IdBase, slugify } from '../ids.ts';
import {
  ACTION_ITEM_LABEL,
  type DeployKind,
  type GitHubUser,
  type LabelModel,
  ORG_LOGIN,
  type RepoModel,
} from '../model.ts';

/** Repositories that run no PagerDuty service (documentation, shared tooling). */
const UNMAPPED_NAMES = ['engineering-handbook', 'terraform-modules', 'ci-templates', 'design-system'];
const LANGUAGES = ['TypeScript', 'Go', 'Kotlin', 'Python', 'Java'];

const LABELS: Array<Omit<LabelModel, 'id'>> = [
  { name: 'bug', description: "Something isn't working", color: 'd73a4a', default: true },
  { name: 'enhancement', description: 'New feature or request', color: 'a2eeef', default: true },
  {
    name: 'documentation',
    description: 'Improvements or additions to documentation',
    color: '0075ca',
    default: true,
  },
  {
    name: ACTION_ITEM_LABEL,
    description: 'Follow-up from an incident review',
    color: 'd93f0b',
    default: false,
  },
  { name: 'postmortem', description: 'Raised in a postmortem', color: '5319e7', default: false },
  { name: 'sev1', description: 'Follow-up of a SEV1 incident', color: 'b60205', default: false },
  { name: 'sev2', description: 'Follow-up of a SEV2 incident', color: 'e99695', default: false },
  { name: 'customer-reported', description: 'Reported by a customer', color: 'fbca04', default: false },
  { name: 'revert', description: 'Reverts an earlier change', color: 'cccccc', default: false },
];

/** GitHub people are the PagerDuty users, with logins made from their names (`Ada Becker` → `ada-becker`). */
export function makeUsers(org: OrgModel): { users: GitHubUser[]; bot: GitHubUser } {
  return {
    users: org.users.map((u, i) => ({ login: slugify(u.name), id: IdBase.user + i, type: 'User' })),
    bot: { login: 'github-actions[bot]', id: ACTIONS_BOT_ID, type: 'Bot' },
  };
}

/** Services in round-robin order over teams: every team's first service (its API), then every second... */
function servicesRoundRobin(org: OrgModel): number[] {
  const byTeam = org.teams.map((_, t) => org.services.flatMap((s, i) => (s.team === t ? [i] : [])));
  const order: number[] = [];
  const depth = Math.max(...byTeam.map((list) => list.length));
  for (let k = 0; k < depth; k++) for (const list of byTeam) if (list[k] !== undefined) order.push(list[k]!);
  return order;
}

/**
 * Position 1 deploys by releases, position 2 by merges to the default branch, every other repo (and the
 * repos without a service) through the Deployments API.
 */
function kindAt(position: number, mapped: number): DeployKind {
  if (position === 1 && mapped >= 2) return 'releases';
  if (position === 2 && mapped >= 3) return 'merges';
  return 'deployments';
}

function labelsFor(repoIndex: number): LabelModel[] {
  return LABELS.map((label, k) => ({ id: IdBase.label + repoIndex * 64 + k, ...label }));
}

export function makeRepos(seed: number, org: OrgModel, count: number, historyStart: number): RepoModel[] {
  const rng = new Rng(deriveSeed(seed, 101));
  const order = servicesRoundRobin(org);
  const mapped = Math.min(order.length, count === 1 ? 1 : count - 1);
  const repos: RepoModel[] = [];
  for (let index = 0; index < count; index++) {
    const service = index < mapped ? order[index]! : null;
    const extra = index - mapped;
    const name =
      service !== null
        ? slugify(org.services[service]!.name)
        : (UNMAPPED_NAMES[extra] ?? `internal-tools-${extra - UNMAPPED_NAMES.length + 1}`);
    const team = service !== null ? org.services[service]!.team : extra % org.teams.length;
    repos.push({
      index,
      id: IdBase.repo + index,
      name,
      fullName: `${ORG_LOGIN}/${name}`,
      service,
      team,
      kind: service === null ? 'deployments' : kindAt(index, mapped),
      createdAt: historyStart - rng.int(60, 900) * DAY - rng.int(0, 86_399) * 1000,
      description:
        service !== null
          ? `Source of ${org.services[service]!.name}`
          : `${name.replace(/-/g, ' ')} (no service)`,
      language: rng.pick(LANGUAGES),
      labels: labelsFor(index),
    });
  }
  return repos;
}

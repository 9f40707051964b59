import { deriveSeed, Rng } from '../../prng.ts';
import { MINUTE, SECOND } from '../../time.ts';
import { sha40 } from '../ids.ts';
import {
  BOT,
  DEFAULT_BRANCH,
  type DeploymentModel,
  type DeploymentState,
  PRODUCTION,
  STAGING,
  type StatusModel,
  type TerminalState,
} from '../model.ts';
import { pickMember, type RepoContext, sha7 } from './context.ts';
import { causalChanges, strictlyIncreasingTimes, withFuture, workTime } from './timing.ts';

interface Planned {
  start: number;
  length: number;
  outcome: TerminalState;
  /** Creation time of the incident this deploy was placed before, if any. */
  incidentAt: number | null;
  model?: DeploymentModel;
}

const DESCRIPTIONS: Record<DeploymentState, string> = {
  pending: 'Deployment queued',
  in_progress: 'Deployment started',
  success: 'Deployment finished successfully.',
  failure: 'Deployment failed: health checks did not pass',
  error: 'Deployment could not start: runner lost',
  inactive: '',
};

function drawOutcome(rng: Rng): TerminalState {
  return (['success', 'failure', 'error'] as const)[rng.weighted([86, 9, 5])]!;
}

function lengthFor(rng: Rng, outcome: TerminalState): number {
  if (outcome === 'error') return rng.int(30, 180) * SECOND;
  return rng.int(3 * 60, 25 * 60) * SECOND;
}

/** Production deploys: random ones, ones placed hours before incidents, and one in progress at "now". */
function planProduction(rng: Rng, ctx: RepoContext, forceInProgress: boolean): Planned[] {
  const total = withFuture(ctx.changes, ctx.span);
  const causal = causalChanges(rng, ctx.incidentTimes, ctx.span, 0.2, Math.floor(total * 0.35));
  const planned: Planned[] = causal.map((c) => {
    const length = lengthFor(rng, 'success');
    return { start: c.at - length, length, outcome: 'success', incidentAt: c.incidentAt };
  });
  for (let k = planned.length; k < total; k++) {
    const outcome = drawOutcome(rng);
    planned.push({
      start: workTime(rng, ctx.span.from, ctx.span.to),
      length: lengthFor(rng, outcome),
      outcome,
      incidentAt: null,
    });
  }
  if (forceInProgress) {
    planned.push({
      start: ctx.span.now - 4 * MINUTE,
      length: 12 * MINUTE,
      outcome: 'success',
      incidentAt: null,
    });
  }
  return strictlyIncreasingTimes(
    planned,
    (p) => p.start,
    (p, at) => {
      p.start = at;
    },
  );
}

function makeDeployment(
  ctx: RepoContext,
  p: Planned,
  fields: Pick<DeploymentModel, 'sha' | 'ref' | 'environment' | 'creator' | 'description' | 'isRollback'>,
): DeploymentModel {
  // Explicit literals (no spread) keep these objects in V8's fast mode: 100k+ of them exist at benchmark scale.
  return {
    repo: ctx.repo.index,
    id: 0,
    sha: fields.sha,
    ref: fields.ref,
    environment: fields.environment,
    creator: fields.creator,
    description: fields.description,
    isRollback: fields.isRollback,
    createdAt: p.start,
    statuses: [],
    outcome: p.outcome,
    finishedAt: p.start + p.length,
    rolledBackAt: null,
  };
}

/**
 * Rollbacks redeploy the sha that ran before the deploy they undo: after about half the failed deploys, and
 * during about a third of the incidents that followed a deploy placed before them.
 */
/** Index of the last planned deploy (sorted by start) that started before `at`, or -1. */
function lastStartBefore(list: Planned[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.start < at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function addRollbacks(
  rng: Rng,
  ctx: RepoContext,
  production: Planned[],
  undone: Map<DeploymentModel, DeploymentModel>,
): Planned[] {
  const requests: number[] = [];
  for (const p of production) {
    if (p.outcome !== 'success' && rng.chance(0.5)) {
      requests.push(p.start + p.length + rng.int(5, 30) * MINUTE);
    }
    if (p.incidentAt !== null && rng.chance(0.35)) requests.push(p.incidentAt + rng.int(10, 45) * MINUTE);
  }
  requests.sort((a, b) => a - b);
  const list = [...production];
  for (const requested of requests) {
    const at = Math.floor(requested / SECOND) * SECOND;
    const victimIndex = lastStartBefore(list, at);
    const victim = list[victimIndex]?.model;
    if (!victim || victim.isRollback || victim.rolledBackAt !== null || victim.finishedAt >= at) continue;
    if (list[victimIndex + 1]?.start === at) continue;
    let restore: DeploymentModel | undefined;
    for (let k = victimIndex - 1; k >= 0 && !restore; k--) {
      const p = list[k]!;
      if (p.model && p.outcome === 'success' && p.start + p.length < victim.createdAt) restore = p.model;
    }
    if (!restore) continue;
    const outcome: TerminalState = rng.chance(0.95) ? 'success' : 'failure';
    const planned: Planned = {
      start: at,
      length: rng.int(2 * 60, 8 * 60) * SECOND,
      outcome,
      incidentAt: null,
    };
    planned.model = makeDeployment(ctx, planned, {
      sha: restore.sha,
      ref: restore.sha,
      environment: PRODUCTION,
      creator: pickMember(rng, ctx),
      description: `Rollback to ${sha7(restore.sha)}`,
      isRollback: true,
    });
    victim.rolledBackAt = at;
    undone.set(victim, planned.model);
    list.splice(victimIndex + 1, 0, planned);
  }
  return list;
}

function status(state: DeploymentState, at: number, description: string, creator: number): StatusModel {
  return { id: 0, state, at, description, creator };
}

function buildStatuses(rng: Rng, d: DeploymentModel): void {
  const statuses = [status('pending', d.createdAt + 2 * SECOND, DESCRIPTIONS.pending, d.creator)];
  if (d.outcome !== 'error') {
    const started = d.createdAt + rng.int(20, 90) * SECOND;
    statuses.push(status('in_progress', started, DESCRIPTIONS.in_progress, d.creator));
  }
  statuses.push(status(d.outcome, d.finishedAt, DESCRIPTIONS[d.outcome], d.creator));
  d.statuses = statuses;
}

/** GitHub's auto_inactive: a new success in an environment marks the previous successful deploy inactive. */
function markInactive(deployments: DeploymentModel[]): void {
  for (const environment of [PRODUCTION, STAGING]) {
    const successes = deployments
      .filter((d) => d.environment === environment && d.outcome === 'success')
      .sort((a, b) => a.finishedAt - b.finishedAt);
    for (let k = 0; k + 1 < successes.length; k++) {
      const next = successes[k + 1]!;
      successes[k]!.statuses.push(status('inactive', next.finishedAt, '', next.creator));
    }
  }
}

/** Distinct finish seconds for production successes, so "the latest deploy before an incident" is unique. */
function distinctFinishes(deployments: DeploymentModel[]): void {
  const successes = deployments
    .filter((d) => d.environment === PRODUCTION && d.outcome === 'success')
    .sort((a, b) => a.finishedAt - b.finishedAt);
  let last = Number.NEGATIVE_INFINITY;
  for (const d of successes) {
    if (d.finishedAt <= last) d.finishedAt = last + SECOND;
    last = d.finishedAt;
  }
}

/** Every deployment (production, staging, rollbacks) of one repo with its statuses, in creation order. */
export function generateDeployments(ctx: RepoContext, forceInProgress: boolean): DeploymentModel[] {
  const rng = new Rng(deriveSeed(ctx.seed, 110, ctx.repo.index));
  const production = planProduction(rng, ctx, forceInProgress);
  production.forEach((p, k) => {
    const sha = sha40(ctx.shaKey, 1, k);
    p.model = makeDeployment(ctx, p, {
      sha,
      ref: DEFAULT_BRANCH,
      environment: PRODUCTION,
      creator: rng.chance(0.9) ? BOT : pickMember(rng, ctx),
      description: `Deploy ${sha7(sha)} to production`,
      isRollback: false,
    });
  });
  const undone = new Map<DeploymentModel, DeploymentModel>();
  const withRollbacks = addRollbacks(rng, ctx, production, undone);
  const deployments = withRollbacks.map((p) => p.model!);
  for (const d of deployments.filter((x) => !x.isRollback)) {
    if (!rng.chance(0.4)) continue;
    const outcome: TerminalState = rng.chance(0.95) ? 'success' : 'failure';
    const staged: Planned = {
      start: d.createdAt - rng.int(15, 60) * MINUTE,
      length: rng.int(2 * 60, 10 * 60) * SECOND,
      outcome,
      incidentAt: null,
    };
    deployments.push(
      makeDeployment(ctx, staged, {
        sha: d.sha,
        ref: DEFAULT_BRANCH,
        environment: STAGING,
        creator: d.creator,
        description: `Deploy ${sha7(d.sha)} to staging`,
        isRollback: false,
      }),
    );
  }
  const ordered = strictlyIncreasingTimes(
    deployments,
    (d) => d.createdAt,
    (d, at) => {
      const shift = at - d.createdAt;
      d.createdAt = at;
      d.finishedAt += shift;
    },
  );
  // Creation times may have moved by a second or two; the rollback's own creation time is the truth.
  for (const [victim, rollback] of undone) victim.rolledBackAt = rollback.createdAt;
  distinctFinishes(ordered);
  for (const d of ordered) buildStatuses(rng, d);
  markInactive(ordered);
  return ordered;
}

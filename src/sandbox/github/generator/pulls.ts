import { deriveSeed, Rng } from '../../prng.ts';
import { DAY, HOUR, MINUTE } from '../../time.ts';
import { sha40, slugify } from '../ids.ts';
import { DEFAULT_BRANCH, type PullModel } from '../model.ts';
import { pickMember, type RepoContext } from './context.ts';
import { causalChanges, duration, strictlyIncreasingTimes, withFuture, workTime } from './timing.ts';
import { PR_OBJECTS, PR_VERBS } from './words.ts';

type Draft = Omit<PullModel, 'id' | 'issueId' | 'number' | 'headSha' | 'baseSha' | 'mergeSha'> & {
  /** Incident this merge was placed before (merges repo). */
  incidentAt: number | null;
};

function title(rng: Rng): string {
  return `${rng.pick(PR_VERBS)} ${rng.pick(PR_OBJECTS)}`;
}

export function draftPull(
  rng: Rng,
  ctx: RepoContext,
  fields: Partial<Draft> & Pick<Draft, 'createdAt'>,
): Draft {
  const t = fields.title ?? title(rng);
  return {
    repo: ctx.repo.index,
    title: t,
    body: '',
    author: pickMember(rng, ctx),
    closedAt: null,
    mergedAt: null,
    headRef: `${t.startsWith('Fix') ? 'fix' : 'feature'}/${slugify(t).slice(0, 40)}`,
    baseRef: DEFAULT_BRANCH,
    labels: [],
    lateUpdateAt: null,
    draft: false,
    revertedAt: null,
    revertOf: null,
    fixesIssue: null,
    incidentAt: null,
    ...fields,
  };
}

function merged(
  rng: Rng,
  ctx: RepoContext,
  mergedAt: number,
  incidentAt: number | null,
  baseRef = DEFAULT_BRANCH,
): Draft {
  const createdAt = mergedAt - duration(rng, 18 * HOUR, 1, 10 * MINUTE, 10 * DAY);
  return draftPull(rng, ctx, { createdAt, closedAt: mergedAt, mergedAt, incidentAt, baseRef });
}

/** Closed without merging, or still open (a quarter of open ones are drafts). */
function unmerged(rng: Rng, ctx: RepoContext, open: boolean): Draft {
  const createdAt = workTime(rng, ctx.span.from, ctx.span.to);
  if (open) return draftPull(rng, ctx, { createdAt, draft: rng.chance(0.25) });
  return draftPull(rng, ctx, { createdAt, closedAt: createdAt + duration(rng, 2 * DAY, 1, HOUR, 30 * DAY) });
}

/** Merges to the default branch ARE the deploys of a `merges` repo: random ones, ones before incidents, reverts. */
function mergesRepoPulls(rng: Rng, ctx: RepoContext, forceOpen: boolean): Draft[] {
  const total = withFuture(ctx.changes, ctx.span);
  const causal = causalChanges(rng, ctx.incidentTimes, ctx.span, 0.2, Math.floor(total * 0.35));
  const times = [...causal.map((c) => ({ at: c.at, incidentAt: c.incidentAt as number | null }))];
  for (let k = times.length; k < total; k++)
    times.push({ at: workTime(rng, ctx.span.from, ctx.span.to), incidentAt: null });
  const main = times.map((t) => merged(rng, ctx, t.at, t.incidentAt));
  const reverts: Draft[] = [];
  main.forEach((pull, index) => {
    if (pull.incidentAt === null || !rng.chance(0.35)) return;
    const createdAt = pull.incidentAt + rng.int(5, 30) * MINUTE;
    const mergedAt = createdAt + rng.int(5, 40) * MINUTE;
    reverts.push(
      draftPull(rng, ctx, {
        title: `Revert "${pull.title}"`,
        createdAt,
        closedAt: mergedAt,
        mergedAt,
        labels: ['revert'],
        revertOf: index,
      }),
    );
  });
  const extra: Draft[] = [];
  for (let k = 0; k < Math.round(total * 0.1); k++) extra.push(unmerged(rng, ctx, false));
  for (let k = 0; k < Math.max(1, Math.round(total * 0.04)); k++) extra.push(unmerged(rng, ctx, true));
  for (let k = 0; k < Math.max(1, Math.round(total * 0.05)); k++) {
    const at = workTime(rng, ctx.span.from, ctx.span.to);
    const backport = merged(rng, ctx, at, null, `release/${new Date(at).getUTCFullYear()}.${k + 1}`);
    backport.title = `Backport: ${backport.title}`;
    extra.push(backport);
  }
  if (forceOpen) {
    const now = ctx.span.now;
    extra.push(
      draftPull(rng, ctx, { createdAt: now - 3 * HOUR, closedAt: now + HOUR, mergedAt: now + HOUR }),
    );
  }
  return [...main, ...reverts, ...extra];
}

function otherRepoPulls(rng: Rng, ctx: RepoContext, count: number): Draft[] {
  const out: Draft[] = [];
  for (let k = 0; k < count; k++) {
    const kind = rng.weighted([85, 10, 5]);
    if (kind === 0) out.push(merged(rng, ctx, workTime(rng, ctx.span.from, ctx.span.to), null));
    else out.push(unmerged(rng, ctx, kind === 2));
  }
  return out;
}

/**
 * Pull requests of one repo (numbers and ids are set later, together with issues). Merge times to the default
 * branch are distinct whole seconds, so merge deploys have a unique order.
 */
export function generatePulls(ctx: RepoContext, count: number, forceOpen: boolean, fixes: Draft[]): Draft[] {
  const rng = new Rng(deriveSeed(ctx.seed, 130, ctx.repo.index));
  const own =
    ctx.repo.kind === 'merges' ? mergesRepoPulls(rng, ctx, forceOpen) : otherRepoPulls(rng, ctx, count);
  const pulls = [...own, ...fixes];
  const toMain = pulls.filter((p) => p.mergedAt !== null && p.baseRef === DEFAULT_BRANCH);
  strictlyIncreasingTimes(
    toMain,
    (p) => p.mergedAt!,
    (p, at) => {
      p.mergedAt = at;
      p.closedAt = at;
    },
  );
  for (const p of pulls) {
    if (p.closedAt !== null && rng.chance(0.1)) p.lateUpdateAt = p.closedAt + rng.int(1, 120) * HOUR;
    if (p.revertOf !== null) pulls[p.revertOf]!.revertedAt = p.mergedAt;
  }
  return pulls;
}

export type PullDraft = Draft;

/** Shas are drawn once numbering is known, so they do not depend on generation order. */
export function finishPull(draft: Draft, ctx: RepoContext, k: number): PullModel {
  // An explicit literal (no spread) keeps the object in V8's fast mode: tens of thousands exist at scale.
  return {
    repo: draft.repo,
    id: 0,
    issueId: 0,
    number: 0,
    title: draft.title,
    body: draft.body,
    author: draft.author,
    createdAt: draft.createdAt,
    closedAt: draft.closedAt,
    mergedAt: draft.mergedAt,
    mergeSha: sha40(ctx.shaKey, 3, k),
    headRef: draft.headRef,
    headSha: sha40(ctx.shaKey, 4, k),
    baseRef: draft.baseRef,
    baseSha: sha40(ctx.shaKey, 5, k),
    labels: draft.labels,
    lateUpdateAt: draft.lateUpdateAt,
    draft: draft.draft,
    revertedAt: draft.revertedAt,
    revertOf: draft.revertOf,
    fixesIssue: draft.fixesIssue,
  };
}

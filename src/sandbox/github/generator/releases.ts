import { deriveSeed, Rng } from '../../prng.ts';
import { MINUTE } from '../../time.ts';
import { sha40 } from '../ids.ts';
import { BOT, type ReleaseModel } from '../model.ts';
import { pickMember, type RepoContext } from './context.ts';
import { causalChanges, strictlyIncreasingTimes, withFuture, workTime } from './timing.ts';

interface Planned {
  publishedAt: number | null;
  visibleAt: number;
  prerelease: boolean;
}

const CHANGES = [
  'Faster cold start',
  'Retry transient upstream errors',
  'Structured logs for the request path',
  'Dependency updates',
  'Fix pagination of the export endpoint',
  'New health check endpoint',
  'Connection pool tuning',
];

function plan(rng: Rng, ctx: RepoContext, forceDraft: boolean): Planned[] {
  const total = withFuture(ctx.changes, ctx.span);
  const causal = causalChanges(rng, ctx.incidentTimes, ctx.span, 0.2, Math.floor(total * 0.35));
  const planned: Planned[] = causal.map((c) => ({ publishedAt: c.at, visibleAt: c.at, prerelease: false }));
  for (let k = planned.length; k < total; k++) {
    const at = workTime(rng, ctx.span.from, ctx.span.to);
    planned.push({ publishedAt: at, visibleAt: at, prerelease: rng.chance(0.12) });
  }
  const published = strictlyIncreasingTimes(
    planned,
    (p) => p.publishedAt!,
    (p, at) => {
      p.publishedAt = at;
    },
  );
  for (const p of published) {
    // About a third are drafted first; a draft is listed (to a token with push access) before it is published.
    p.visibleAt = rng.chance(0.3) ? p.publishedAt! - rng.int(10, 180) * MINUTE : p.publishedAt!;
  }
  const drafts = Math.max(1, Math.round(total * 0.03));
  for (let k = 0; k < drafts; k++) {
    published.push({
      publishedAt: null,
      visibleAt: workTime(rng, ctx.span.from, ctx.span.to),
      prerelease: false,
    });
  }
  if (forceDraft) {
    published.push({
      publishedAt: ctx.span.now + 30 * MINUTE,
      visibleAt: ctx.span.now - 20 * MINUTE,
      prerelease: false,
    });
  }
  return published.sort((a, b) => a.visibleAt - b.visibleAt);
}

/**
 * Releases of one repo: published ones (a few prereleases), drafts published later, and a few drafts never
 * published. Tags follow semver in publication order. Ids are set later, globally.
 */
export function generateReleases(ctx: RepoContext, forceDraft: boolean): ReleaseModel[] {
  const rng = new Rng(deriveSeed(ctx.seed, 120, ctx.repo.index));
  const planned = plan(rng, ctx, forceDraft);
  const byPublication = planned
    .filter((p) => p.publishedAt !== null)
    .sort((a, b) => a.publishedAt! - b.publishedAt!);
  const tags = new Map<Planned, string>();
  let minor = 0;
  let patch = 0;
  let rc = 0;
  for (const p of byPublication) {
    if (p.prerelease) {
      rc += 1;
      tags.set(p, `v1.${minor + 1}.0-rc.${rc}`);
    } else {
      if (rng.chance(0.2) && minor > 0) patch += 1;
      else {
        minor += 1;
        patch = 0;
      }
      rc = 0;
      tags.set(p, `v1.${minor}.${patch}`);
    }
  }
  let draftNumber = 0;
  return planned.map((p, k) => {
    const tag = tags.get(p) ?? `draft-${++draftNumber}`;
    const sha = sha40(ctx.shaKey, 2, k);
    const notes = [rng.pick(CHANGES), rng.pick(CHANGES)].map((c) => `* ${c}`).join('\n');
    return {
      repo: ctx.repo.index,
      id: 0,
      tag,
      name: p.publishedAt === null ? 'Next release (draft)' : tag,
      body: `## What's Changed\n${notes}`,
      sha,
      commitAt: p.visibleAt - rng.int(10, 360) * MINUTE,
      visibleAt: p.visibleAt,
      publishedAt: p.publishedAt,
      prerelease: p.prerelease,
      author: rng.chance(0.7) ? BOT : pickMember(rng, ctx),
    };
  });
}

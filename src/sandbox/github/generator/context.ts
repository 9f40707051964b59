import type { Rng } from '../../prng.ts';
import type { RepoModel } from '../model.ts';
import type { Span } from './timing.ts';

/** What every per-repo generator gets. */
export interface RepoContext {
  seed: number;
  repo: RepoModel;
  /** Name of the PagerDuty service the repo runs, if any. */
  serviceName: string | null;
  span: Span;
  /** Creation times (ascending) of every incident, past and future, of the repo's service. */
  incidentTimes: number[];
  /** User indices of the owning team. */
  members: number[];
  /** Production changes per history window. */
  changes: number;
  /** Key for commit shas of this repo. */
  shaKey: number;
}

export function pickMember(rng: Rng, ctx: RepoContext): number {
  return rng.pick(ctx.members);
}

export const sha7 = (sha: string) => sha.slice(0, 7);

import { mix32 } from '../prng.ts';

/**
 * GitHub-looking identifiers. Numeric ids come from fixed bases plus a creation index; several bases are above
 * 2^31 because real GitHub ids are (a connector that stores them as INT32 must fail here, not in production).
 */
export const IdBase = {
  user: 5_100_000,
  repo: 812_000_000,
  deployment: 2_150_000_000,
  deploymentStatus: 4_300_000_000,
  release: 181_000_000,
  pull: 2_050_000_000,
  issue: 2_900_000_000,
  milestone: 11_000_000,
  label: 6_200_000_000,
} as const;

/** The id GitHub gives `github-actions[bot]`. */
export const ACTIONS_BOT_ID = 41_898_282;

/** Legacy global node id, as in GitHub's published examples: base64 of `0<len>:<Type><id>`. */
export function nodeId(type: string, id: number): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** A 40-character lower-case hex commit sha, unique per (key, a, b) in practice. */
export function sha40(key: number, a: number, b: number): string {
  let x = mix32(key ^ mix32(a + 0x632be5ab) ^ mix32(b + 0x2545f491));
  let out = '';
  for (let i = 0; i < 5; i++) {
    x = mix32(x + i + 1);
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

/** `Payments API` → `payments-api`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

import { mix32 } from '../prng.ts';
import { badRequest } from './errors.ts';
import type { SortKey } from './jql/compile.ts';

/**
 * `nextPageToken`: opaque to clients, it carries the query's fingerprint and the sort values of the last
 * issue served. The next page starts strictly after that position (keyset paging), so an issue updated
 * while a client walks the pages moves behind the cursor and is served again rather than skipped, and no
 * issue is lost when others change.
 */

export function fingerprint(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

export const invalidToken = () => badRequest('The provided next page token is invalid or has expired.');

export function encodePageToken(jql: string, key: SortKey): string {
  const payload = JSON.stringify([1, fingerprint(jql), key]);
  return Buffer.from(JSON.stringify([payload, fingerprint(`check:${payload}`)])).toString('base64url');
}

/** The position after which the next page starts; 400 for a token that is not ours or not for this JQL. */
export function decodePageToken(token: string, jql: string): SortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (
    !Array.isArray(parsed) ||
    typeof parsed[0] !== 'string' ||
    parsed[1] !== fingerprint(`check:${parsed[0]}`)
  ) {
    throw invalidToken();
  }
  const inner: unknown = JSON.parse(parsed[0]);
  if (!Array.isArray(inner) || inner[0] !== 1 || inner[1] !== fingerprint(jql) || !Array.isArray(inner[2])) {
    throw invalidToken();
  }
  const key = inner[2] as unknown[];
  if (!key.every((v) => v === null || typeof v === 'number' || typeof v === 'string')) throw invalidToken();
  return key as SortKey;
}

import { z } from 'zod';
import { parseTimestamp } from '../../../transforms/timestamps.ts';

/**
 * An instant as GitHub writes it (`2012-07-20T01:19:13Z`; an offset is accepted too). A value without an offset
 * would be read in whatever zone the reader is in, so it is rejected rather than guessed. Validated, never
 * transformed: the record is stored exactly as received.
 */
export const instant = z.string().superRefine((value, ctx) => {
  try {
    const parsed = parseTimestamp(value);
    if (parsed.form === 'utc' || parsed.form === 'offset') return;
  } catch {
    // reported below with one message for every bad form
  }
  ctx.addIssue({
    code: 'custom',
    message: `expected an ISO-8601 instant with Z or an offset (like 2012-07-20T01:19:13Z), got ${JSON.stringify(value)}`,
  });
});

/** GitHub's numeric ids (deployments, releases, issues...). */
export const ghId = z.number().int().positive();

/** `https://api.github.com/repos/octocat/example/...` (or a GHES `/api/v3/repos/...` URL): it names the repository. */
export const apiUrl = z.string().regex(/\/repos\/[^/]+\/[^/]+/, {
  message: 'expected a GitHub API URL containing /repos/{owner}/{repo}',
});

/** A user reference; only the login is used (as the person key). */
export const user = z.looseObject({ login: z.string().min(1) });

const REPO_IN_URL = /\/repos\/([^/]+)\/([^/?#]+)/;

/** `owner/name` from an API URL such as `.../repos/acme/payments-api/deployments/7`; null when it names none. */
export function repoFromApiUrl(url: string): string | null {
  const match = REPO_IN_URL.exec(url);
  return match ? `${match[1]}/${match[2]}` : null;
}

/** The id at the end of an API URL (`.../deployments/42` → 42). */
export function lastIdOf(url: string): string | null {
  return /\/(\d+)\/?$/.exec(url)?.[1] ?? null;
}

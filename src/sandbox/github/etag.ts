import { createHash } from 'node:crypto';

/**
 * Weak ETags over the response body, as GitHub sends them (`W/"<64 hex>"`): stable while the page's content is
 * unchanged, whatever the clock says. Only the body is hashed, so on an oldest-first list a first page that did
 * not change still answers 304 when new items were added to later pages (the `Link` header is not re-sent).
 */
export function etagOf(text: string): string {
  return `W/"${createHash('sha256').update(text).digest('hex')}"`;
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** `If-None-Match` with weak comparison: a list of tags, or `*`. */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.trim() === '*') return true;
  const wanted = opaque(etag);
  return text.split(',').some((tag) => opaque(tag) === wanted);
}

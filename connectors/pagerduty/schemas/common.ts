import { z } from 'zod';
import { parseTimestamp } from '../../../transforms/timestamps.ts';

const instantMessage = (input: unknown) =>
  `expected an ISO-8601 instant with Z or an offset (like 2015-10-06T21:30:42Z), got ${JSON.stringify(input)}`;

/** True when `text` is an instant the product's one timestamp module reads without needing a zone. */
function isAbsoluteInstant(text: string): boolean {
  try {
    const { form } = parseTimestamp(text);
    return form === 'utc' || form === 'offset';
  } catch {
    return false;
  }
}

/**
 * An instant as PagerDuty writes it: ISO-8601 with seconds and a `Z` or `±hh:mm` offset. A value without an
 * offset would be read in whatever zone the reader happens to be in, so it is rejected rather than guessed.
 * Validated, never transformed: the record is stored exactly as received.
 */
export const instant = z
  .string({
    error: (issue) => (issue.input === undefined ? 'required, but missing' : instantMessage(issue.input)),
  })
  .refine(isAbsoluteInstant, { error: (issue) => instantMessage(issue.input) });

/** PagerDuty object ids are short opaque strings (PT4KHLK, Q02JTSNZWHSEKV). */
export const pdId = z.string().min(1, 'expected a non-empty id');

/** A `{id, type, summary, self, html_url}` reference; only the id is relied on, the rest is kept as is. */
export const reference = z.looseObject({ id: pdId, type: z.string().min(1).optional() });

export const referenceList = z.array(reference);

/** The `{ <key>: [...], limit, offset, more, total }` envelope of PagerDuty's classic (offset) pagination. */
export const pageEnvelope = z.looseObject({
  limit: z.number().int().nonnegative().optional(),
  offset: z.number().int().nonnegative().optional(),
  more: z.boolean().optional(),
  total: z.number().int().nonnegative().nullable().optional(),
});

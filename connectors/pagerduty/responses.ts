import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { ApiError, AuthError, TransientApiError } from '../../src/errors/index.ts';
import { redact } from '../../src/logger.ts';

export const SOURCE = 'pagerduty';

/** Where the answer came from, for messages: method, path (query left out) and host. Never the token. */
export interface RequestLabel {
  method: string;
  path: string;
  host: string;
}

/** Reads one response header, case-insensitively; undefined when absent. */
export type HeaderGetter = (name: string) => string | undefined;

export function nodeHeaders(headers: IncomingHttpHeaders): HeaderGetter {
  return (name) => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
}

/** `{"error": {"message", "code", "errors": [...]}}`, PagerDuty's documented error body. */
const errorBody = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.union([z.number(), z.string()]).optional(),
    errors: z.array(z.unknown()).optional(),
  }),
});

interface VendorError {
  message?: string;
  code?: number | string;
  details: string[];
}

function vendorError(body: unknown): VendorError | null {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return null;
  const { message, code, errors } = parsed.data.error;
  return {
    message,
    code,
    details: (errors ?? []).map((e) => (typeof e === 'string' ? e : JSON.stringify(e))),
  };
}

function describeVendorError(vendor: VendorError | null): string {
  if (!vendor) return '';
  const parts = [vendor.message, vendor.details.length ? `(${vendor.details.join('; ')})` : undefined];
  const text = parts.filter(Boolean).join(' ');
  return text ? `: ${redact(text)}` : '';
}

/**
 * How long PagerDuty asked us to wait, in ms. A 429 carries `ratelimit-reset` (seconds until the window resets,
 * not an epoch); other answers may carry `Retry-After` (seconds or an HTTP date). Null when neither is usable.
 */
export function serverDelayMs(header: HeaderGetter, now = Date.now()): number | null {
  const reset = header('ratelimit-reset');
  if (reset !== undefined && reset.trim() !== '' && Number(reset) >= 0) return Number(reset) * 1000;
  const retryAfter = header('retry-after');
  if (retryAfter === undefined) return null;
  const seconds = Number(retryAfter);
  if (retryAfter.trim() !== '' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * Maps a non-2xx answer to the project's errors: 401/403 → AuthError (the user must fix PAGERDUTY_TOKEN),
 * 429/5xx/408 → TransientApiError (retried by the caller), any other 4xx → ApiError with PagerDuty's message
 * and code (2002 is the 10,000-record pagination cap).
 */
export function errorForStatus(status: number, header: HeaderGetter, body: unknown, at: RequestLabel): Error {
  const vendor = vendorError(body);
  const said = describeVendorError(vendor);
  const where = `${at.method} ${at.path}`;
  if (status === 401 || status === 403) {
    const what = status === 401 ? 'rejected the token' : 'refused access with this token';
    return new AuthError(
      `PagerDuty at ${at.host} ${what} (HTTP ${status}${said}): check PAGERDUTY_TOKEN ` +
        '(a REST API key with read access; the URL is set by PAGERDUTY_API_URL)',
      SOURCE,
      status,
    );
  }
  if (status === 429 || status === 408 || status >= 500) {
    return new TransientApiError(
      `PagerDuty ${where} at ${at.host} answered HTTP ${status}${said}`,
      SOURCE,
      status,
      serverDelayMs(header),
    );
  }
  const code = vendor?.code;
  return new ApiError(
    `PagerDuty ${where} at ${at.host} failed with HTTP ${status}${code !== undefined ? ` (code ${code})` : ''}${said}`,
    SOURCE,
    status,
    code,
  );
}

/** PagerDuty's "Offset+limit exceeds maximum allowed value" answer (HTTP 400, code 2002). */
export function isPaginationCap(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400 && String(error.code) === '2002';
}

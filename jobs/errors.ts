import { UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import { AuthError, ConfigError } from '../src/errors/index.ts';
import { redact } from '../src/logger.ts';

/**
 * What a job throws for an error: retrying cannot fix bad credentials or a bad setting, so those become
 * BullMQ's UnrecoverableError (no further attempts) with a message that says what to fix; anything else is
 * thrown as is and retried with backoff until the job's attempts are spent.
 */
export function jobError(error: unknown): Error {
  if (error instanceof AuthError)
    return new UnrecoverableError(
      redact(`AuthError: ${error.message} (not retried: fix the token, then sync again)`),
    );
  if (error instanceof ConfigError) {
    const setting = error.setting ? ` (setting: ${error.setting})` : '';
    return new UnrecoverableError(
      redact(`ConfigError: ${error.message}${setting} (not retried: fix the configuration, then sync again)`),
    );
  }
  if (error instanceof Error) return error;
  return new Error(redact(String(error)));
}

/** Job data is an input like any other: validated, and a bad one names the field and what was expected. */
export function parseJobData<T extends z.ZodType>(schema: T, data: unknown, job: string): z.infer<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
  throw new UnrecoverableError(`${job} job data is invalid: ${problems}`);
}

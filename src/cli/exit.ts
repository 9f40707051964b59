import type { z } from 'zod';
import { ApiError, AuthError, ConfigError } from '../errors/index.ts';
import { redact } from '../logger.ts';

export const exitCodes = { ok: 0, failed: 1, config: 2, auth: 3, partial: 4 } as const;

/** Turns any thrown error into one readable message and the exit code that says what kind of problem it is. */
export function describeFailure(error: unknown): { message: string; code: number } {
  if (error instanceof ConfigError) return { message: redact(error.message), code: exitCodes.config };
  if (error instanceof AuthError) return { message: redact(error.message), code: exitCodes.auth };
  if (error instanceof ApiError)
    return { message: redact(`${error.source}: ${error.message}`), code: exitCodes.failed };
  if (error instanceof Error) return { message: redact(error.message), code: exitCodes.failed };
  return { message: redact(String(error)), code: exitCodes.failed };
}

/** Validates CLI flags with zod; a bad flag names the flag and what is expected. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown): z.infer<T> {
  const parsed = schema.safeParse(flags);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const flag = i.path
      .map((p) => `--${String(p).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
      .join(' ');
    return `  - ${flag || 'arguments'}: ${i.message}`;
  });
  throw new ConfigError(`invalid option:\n${lines.join('\n')}`);
}

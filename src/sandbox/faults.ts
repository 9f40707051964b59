/**
 * Injected failures, for testing retries and quarantine. A fault's `route` is matched against the path after
 * the vendor prefix (`/incidents`, `/incidents/PABC123/log_entries`): a string must match exactly, a RegExp is
 * tested against the path.
 */
export interface StatusFault {
  route: string | RegExp;
  status: number;
  /** How many matching requests get this answer (default 1). */
  times?: number;
  /** Response body; defaults to the vendor's error body for that status. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** The next matching list response carries one record with a schema-breaking `created_at` (its `id` is kept). */
export interface CorruptRecordFault {
  route: string | RegExp;
  corruptRecord: true;
  times?: number;
}

export type Fault = StatusFault | CorruptRecordFault;

interface Armed {
  fault: Fault;
  remaining: number;
}

function matches(route: string | RegExp, path: string): boolean {
  return typeof route === 'string' ? route === path : route.test(path);
}

export class FaultRegistry {
  #armed: Armed[] = [];

  inject(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError('fault.times must be a positive integer');
    if (!('corruptRecord' in fault) && !(fault.status >= 100 && fault.status <= 599)) {
      throw new RangeError('fault.status must be an HTTP status code');
    }
    this.#armed.push({ fault, remaining: times });
  }

  clear(): void {
    this.#armed = [];
  }

  /** Consumes and returns the first armed status fault for this path. */
  takeStatus(path: string): StatusFault | undefined {
    return this.#take(path, false) as StatusFault | undefined;
  }

  /** Consumes a corruption for this path; call only when the response has a record to corrupt. */
  takeCorruption(path: string): boolean {
    return this.#take(path, true) !== undefined;
  }

  hasCorruption(path: string): boolean {
    return this.#armed.some(
      (a) => 'corruptRecord' in a.fault && a.remaining > 0 && matches(a.fault.route, path),
    );
  }

  #take(path: string, corrupt: boolean): Fault | undefined {
    const armed = this.#armed.find(
      (a) => a.remaining > 0 && 'corruptRecord' in a.fault === corrupt && matches(a.fault.route, path),
    );
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.fault.route instanceof RegExp) armed.fault.route.lastIndex = 0;
    this.#armed = this.#armed.filter((a) => a.remaining > 0);
    return armed.fault;
  }
}

import type { IncomingHttpHeaders } from 'node:http';

/** A request as a mounted vendor sees it: the path is relative to the mount (`/incidents`, not `/pagerduty/...`). */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface SandboxResponse {
  status: number;
  /** Serialized as JSON by the server. */
  body: unknown;
  headers?: Record<string, string>;
  /** Route pattern for request statistics, e.g. `GET /pagerduty/incidents/{id}`. */
  route: string;
}

/**
 * One vendor API mounted under a path prefix (`/pagerduty`; later `/jira`, `/github`). The server only
 * dispatches by prefix, so a new vendor is a new mount and touches no other vendor's code.
 */
export interface Mount {
  prefix: string;
  handle(request: SandboxRequest): SandboxResponse;
}

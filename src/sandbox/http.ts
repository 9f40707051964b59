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
  /** Serialized as JSON by the server (ignored when `text` is given, and for 204 and 304, which carry no body). */
  body: unknown;
  /** The JSON body already serialized, for a mount that needs the exact bytes (e.g. to compute an ETag). */
  text?: string;
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

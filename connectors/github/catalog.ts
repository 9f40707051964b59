import { ConfigError } from '../../src/errors/index.ts';
import type { StreamBatch, StreamContext } from '../stream.ts';
import type { GitHubClient } from './client.ts';
import type { GitHubCursor } from './cursor.ts';
import { type DeployKind, type GitHubStreamOptions, matchesAny, type RepositoryEntry } from './options.ts';
import { getOne, listPages } from './pages.ts';
import { RepositoryUnavailableError } from './responses.ts';
import { type Repository, repositorySchema } from './schemas/repository.ts';

export interface CatalogRepo {
  fullName: string;
  deployKind: DeployKind;
  environment: string;
}

/** `name` → `org/name`; a bare name without `github.org` cannot be resolved. */
export function qualifyRepository(name: string, org: string | undefined): string {
  if (name.includes('/')) return name;
  if (!org)
    throw new ConfigError(
      `github.repositories: ${JSON.stringify(name)} needs its owner (owner/name) when github.org is not set`,
      'github.repositories',
    );
  return `${org}/${name}`;
}

/** Cursor key of the organisation listing in the repositories stream's cursor. */
export const orgKey = (org: string) => `org:${org}`;

/** What a discovery found, and the listed repositories that could not be read. */
export interface Discovery {
  repos: CatalogRepo[];
  failures: RepositoryUnavailableError[];
}

/**
 * The repositories a run syncs and, for each, what counts as a deploy: the organisation's repositories that
 * match `include` and not `exclude`, plus those listed in `repositories` (whose entries also override the
 * deploy kind and environment). Listed repositories outside the organisation listing are fetched one by one,
 * which is where a deleted repository or one the token cannot see shows up (404/403).
 */
export class RepositoryCatalog {
  readonly #client: GitHubClient;
  readonly #options: GitHubStreamOptions;
  readonly #entries: Map<string, RepositoryEntry>;
  /** Set by the repositories stream of this run (in-process); later streams read from it. */
  resolved: CatalogRepo[] | undefined;

  constructor(client: GitHubClient, options: GitHubStreamOptions) {
    this.#client = client;
    this.#options = options;
    this.#entries = new Map(
      options.repositories.map((e) => {
        const fullName = qualifyRepository(e.name, options.org);
        return [fullName.toLowerCase(), { ...e, name: fullName }];
      }),
    );
  }

  get listed(): RepositoryEntry[] {
    return [...this.#entries.values()];
  }

  #settle(fullName: string): CatalogRepo {
    const entry = this.#entries.get(fullName.toLowerCase());
    return {
      fullName,
      deployKind: entry?.deployKind ?? this.#options.deployKind,
      environment: entry?.environment ?? this.#options.environment,
    };
  }

  /** Of these repositories, those the configuration selects (the org's matching ones and the listed ones). */
  select(names: Iterable<string>): CatalogRepo[] {
    const { org, include, exclude } = this.#options;
    const out = new Map<string, CatalogRepo>();
    for (const name of names) {
      const owner = name.split('/')[0]?.toLowerCase();
      const inOrg =
        org !== undefined &&
        owner === org.toLowerCase() &&
        matchesAny(include, name) &&
        !matchesAny(exclude, name);
      if (inOrg || this.#entries.has(name.toLowerCase())) out.set(name.toLowerCase(), this.#settle(name));
    }
    return [...out.values()].sort((a, b) => a.fullName.localeCompare(b.fullName));
  }

  /** Resolves the repositories through the API without storing anything (a stream run alone, first time). */
  async resolve(ctx: StreamContext): Promise<CatalogRepo[]> {
    const walk = this.discover(ctx, null);
    let step = await walk.next();
    while (!step.done) step = await walk.next();
    return step.value.repos;
  }

  /**
   * Lists the organisation (if any) and fetches the listed repositories outside it, yielding the payloads of
   * those selected. With a cursor, requests are conditional: a 304 organisation page stands for the
   * repositories the warehouse already holds (`known`).
   */
  async *discover(
    ctx: StreamContext,
    cursor: GitHubCursor | null,
    known: readonly string[] = [],
  ): AsyncGenerator<StreamBatch<Repository>, Discovery> {
    const names = new Set<string>();
    /** Lower-cased names the organisation listing holds, so listed entries inside it are not fetched again. */
    const inListing = new Set<string>();
    const { org } = this.#options;
    if (org) {
      const etags: Array<readonly [string, { etag: string; next: string | null }]> = [];
      let unchanged = false;
      const pages = listPages(this.#client, {
        stream: 'repositories',
        repo: '',
        path: '/orgs/{org}/repos',
        params: { org, type: 'all', sort: 'full_name' },
        schema: repositorySchema,
        signal: ctx.signal,
      });
      for await (const page of pages) {
        if (page.validator) etags.push(page.validator);
        if (!page.fresh) unchanged = true;
        for (const repo of page.records) {
          names.add(repo.full_name);
          inListing.add(repo.full_name.toLowerCase());
        }
        const selected = new Set(this.select(page.records.map((r) => r.full_name)).map((r) => r.fullName));
        const records = page.records.filter((r) => selected.has(r.full_name));
        if (records.length > 0 || page.rejects.length > 0)
          yield { records, rejects: page.rejects, cursor: null };
      }
      if (!unchanged) {
        const gone = known.filter(
          (k) => k.split('/')[0]?.toLowerCase() === org.toLowerCase() && !inListing.has(k.toLowerCase()),
        );
        for (const name of gone)
          ctx.log.info(
            `github: ${name} is no longer listed in ${org} (deleted, renamed or hidden); its data stays in the warehouse`,
          );
      }
      // Pages GitHub found unchanged hold what the warehouse holds.
      if (unchanged) {
        for (const name of known) {
          if (name.split('/')[0]?.toLowerCase() !== org.toLowerCase()) continue;
          names.add(name);
          inListing.add(name.toLowerCase());
        }
      }
      cursor?.set(orgKey(org), undefined, etags);
    }
    const failures: RepositoryUnavailableError[] = [];
    for (const entry of this.#entries.values()) {
      if (inListing.has(entry.name.toLowerCase())) continue;
      try {
        const one = await getOne(this.#client, {
          stream: 'repositories',
          repo: entry.name,
          path: '/repos/{owner}/{repo}',
          params: {},
          schema: repositorySchema,
          signal: ctx.signal,
        });
        names.add(one.records[0]?.full_name ?? entry.name);
        cursor?.set(entry.name, undefined, one.validator ? [one.validator] : []);
        if (one.records.length > 0 || one.rejects.length > 0)
          yield { records: one.records, rejects: one.rejects, cursor: null };
      } catch (error) {
        if (!(error instanceof RepositoryUnavailableError)) throw error;
        ctx.log.warn(`${error.message}; it is skipped, the other repositories are synced`);
        failures.push(error);
      }
    }
    const repos = this.select(names);
    return { repos, failures };
  }
}

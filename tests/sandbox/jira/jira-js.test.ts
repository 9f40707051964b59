import { Version3Client, type Version3Models } from 'jira.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraTruth, Sandbox } from '../../../src/sandbox/index.ts';
import { instant, instantOrNull, startJiraSandbox } from './helpers.ts';

type Issue = Version3Models.Issue;
type History = Version3Models.Changelog;

/** What a connector derives from a ticket's full status history. */
function statusFacts(histories: History[], category: Map<string, string>) {
  let firstInProgressAt: Date | null = null;
  let lastDoneAt: Date | null = null;
  let reopenCount = 0;
  let statusChanges = 0;
  const ordered = [...histories].sort(
    (a, b) => instant(a.created!).getTime() - instant(b.created!).getTime(),
  );
  for (const h of ordered) {
    for (const item of h.items ?? []) {
      if (item.field !== 'status') continue;
      statusChanges += 1;
      const [from, to] = [category.get(item.from!), category.get(item.to!)];
      if (to === 'indeterminate') firstInProgressAt ??= instant(h.created!);
      if (to === 'done') lastDoneAt = instant(h.created!);
      if (from === 'done' && to !== 'done') reopenCount += 1;
    }
  }
  return { firstInProgressAt, lastDoneAt, reopenCount, statusChanges };
}

describe('the sandbox through the real jira.js 5 Version3Client', () => {
  let sandbox: Sandbox;
  let client: Version3Client;
  let truth: JiraTruth;
  beforeAll(async () => {
    sandbox = await startJiraSandbox();
    client = new Version3Client({
      host: sandbox.jira.host,
      authentication: { basic: { email: sandbox.jira.email, apiToken: sandbox.jira.apiToken } },
    });
    truth = sandbox.jira.truth();
  });
  afterAll(() => sandbox.close());

  it('reads the API user, the fields and the statuses', async () => {
    const me = await client.myself.getCurrentUser();
    expect(me.timeZone).toBe('Europe/Berlin');
    const fields = await client.issueFields.getFields();
    const custom = Object.fromEntries(fields.filter((f) => f.custom).map((f) => [f.name, f.id]));
    expect(custom).toEqual(truth.fieldIds);
  });

  it('walks incidents with fields and changelog, fetches long changelogs, and matches the truth', async () => {
    const statuses = await client.workflowStatuses.getStatuses();
    const category = new Map(statuses.map((s) => [s.id!, s.statusCategory!.key!]));
    const ids = truth.fieldIds;
    const issues: Issue[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: 'project = INC ORDER BY updated ASC, key ASC',
        fields: [
          'status',
          'created',
          'resolutiondate',
          'labels',
          ids.Severity!,
          ids.Team!,
          ids['External Cause']!,
          ids['PagerDuty Incident']!,
          ids['Impact Start']!,
          ids['Mitigated At']!,
          ids['Customer Severity']!,
        ],
        expand: 'changelog',
        maxResults: 100,
        nextPageToken,
      });
      issues.push(...(page.issues ?? []));
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
    expect(issues.map((i) => i.key).sort()).toEqual(truth.incidents.map((i) => i.key).sort());

    let fetched = 0;
    for (const issue of issues) {
      const want = truth.incidents.find((i) => i.key === issue.key)!;
      let histories = issue.changelog!.histories!;
      if (issue.changelog!.total! > histories.length) {
        fetched += 1;
        histories = [];
        for (let startAt = 0; ; ) {
          const page = await client.issues.getChangeLogs({
            issueIdOrKey: issue.key!,
            startAt,
            maxResults: 25,
          });
          histories.push(...page.values!);
          if (page.isLast) break;
          startAt += page.values!.length;
        }
        expect(histories).toHaveLength(issue.changelog!.total!);
      }
      const facts = statusFacts(histories, category);
      const f = issue.fields as Record<string, unknown> & Issue['fields'];
      expect(facts.firstInProgressAt, issue.key).toEqual(want.firstInProgressAt);
      expect(facts.statusChanges, issue.key).toBe(want.statusChanges);
      expect(facts.reopenCount, issue.key).toBe(want.reopenCount);
      const done = f.status.statusCategory?.key === 'done';
      expect(done ? facts.lastDoneAt : null, issue.key).toEqual(want.resolvedAt);
      expect(instantOrNull(f.resolutiondate ?? null), issue.key).toEqual(want.resolvedAt);
      expect(instant(f.created).getTime()).toBe(want.createdAt.getTime());
      expect((f[ids.Severity!] as { value: string }).value).toBe(want.severity);
      expect((f[ids['Customer Severity']!] as { value: string } | null)?.value ?? null).toBe(
        want.customerSeverity,
      );
      expect((f[ids.Team!] as { name: string }).name).toBe(want.teamName);
      expect((f[ids['External Cause']!] as { value: string } | null)?.value === 'Yes').toBe(want.isExternal);
      expect(instantOrNull(f[ids['Impact Start']!] as string | null)).toEqual(want.impactStartedAt);
      expect(instantOrNull(f[ids['Mitigated At']!] as string | null)).toEqual(want.mitigatedAt);
      const byField = f[ids['PagerDuty Incident']!] as string | null;
      const byLabel = f.labels?.find((l) => l.startsWith('pagerduty-'))?.slice('pagerduty-'.length) ?? null;
      expect(byField ?? byLabel).toBe(want.pagerdutyIncidentId);
      expect(byField !== null ? 'field' : byLabel !== null ? 'label' : null).toBe(want.linkBasis);
    }
    expect(fetched).toBeGreaterThanOrEqual(3);
  });

  it('surfaces 401 and the 410 of the removed search as errors with their status', async () => {
    const wrong = new Version3Client({
      host: sandbox.jira.host,
      authentication: { basic: { email: sandbox.jira.email, apiToken: 'wrong' } },
    });
    await expect(wrong.myself.getCurrentUser()).rejects.toMatchObject({ status: 401 });
    await expect(client.issueSearch.searchForIssuesUsingJql({ jql: 'project = INC' })).rejects.toMatchObject({
      status: 410,
    });
    await expect(
      client.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
        jql: 'project = INC',
        nextPageToken: 'bogus',
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

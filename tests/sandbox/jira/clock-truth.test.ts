import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraTruth, Sandbox } from '../../../src/sandbox/index.ts';
import {
  DAY_MS,
  fullChangelog,
  instant,
  instantOrNull,
  type Json,
  jira,
  NOW,
  searchAll,
  startJiraSandbox,
  wallClock,
} from './helpers.ts';

describe('Jira ground truth and the clock', () => {
  let sandbox: Sandbox;
  let truth: JiraTruth;
  beforeAll(async () => {
    sandbox = await startJiraSandbox();
    truth = sandbox.jira.truth();
  });
  afterAll(() => sandbox.close());

  it('postmortems: links to their incidents, root cause, completion as the payloads show them', async () => {
    const ids = truth.fieldIds;
    const { issues } = await searchAll(sandbox, {
      jql: 'project = PM',
      fields: `issuelinks,status,resolutiondate,created,${ids['Root Cause']}`,
      maxResults: 100,
    });
    expect(issues).toHaveLength(truth.postmortems.length);
    for (const issue of issues) {
      const want = truth.postmortems.find((p) => p.key === issue.key)!;
      const links = issue.fields.issuelinks.filter((l: Json) => l.type.name === 'Postmortem');
      expect(links.every((l: Json) => 'outwardIssue' in l)).toBe(true);
      expect(links.map((l: Json) => l.outwardIssue.key).sort()).toEqual([...want.incidentKeys].sort());
      expect(issue.fields[ids['Root Cause']!]?.value ?? null).toBe(want.rootCause);
      expect(instantOrNull(issue.fields.resolutiondate)).toEqual(want.completedAt);
      expect(instant(issue.fields.created)).toEqual(want.createdAt);
    }
    // An incident's root cause is its postmortem's.
    for (const pm of truth.postmortems) {
      for (const key of pm.incidentKeys) {
        expect(truth.incidents.find((i) => i.key === key)!.rootCause).toBe(pm.rootCause);
      }
    }
  });

  it('action items: postmortem link, current project and team, assignee, due date, completion', async () => {
    const ids = truth.fieldIds;
    const { issues } = await searchAll(sandbox, {
      jql: 'labels = action-item',
      fields: `issuelinks,project,assignee,duedate,resolutiondate,created,status,${ids.Team}`,
      expand: 'changelog',
      maxResults: 100,
    });
    expect(issues).toHaveLength(truth.actionItems.length);
    for (const issue of issues) {
      const want = truth.actionItems.find((a) => a.key === issue.key)!;
      const link = issue.fields.issuelinks.find((l: Json) => l.type.name === 'Action Item');
      expect(link.outwardIssue.key).toBe(want.postmortemKey);
      expect(issue.fields.project.key).toBe(want.project);
      expect(issue.fields.project.name).toBe(want.teamName);
      expect(issue.fields[ids.Team!].name).toBe(want.teamName);
      expect(issue.fields.assignee?.accountId ?? null).toBe(want.assigneeAccountId);
      expect(issue.fields.duedate).toBe(want.dueDate);
      expect(instantOrNull(issue.fields.resolutiondate)).toEqual(want.completedAt);
      // A moved item keeps its key; the changelog shows the move.
      if (!want.key.startsWith(`${want.project}-`)) {
        const moves = issue.changelog.histories
          .flatMap((h: Json) => h.items)
          .filter((i: Json) => i.field === 'project');
        expect(moves.at(0).toString).toBe(want.teamName);
        expect(
          issue.changelog.histories.flatMap((h: Json) => h.items).some((i: Json) => i.field === 'Team'),
        ).toBe(true);
      }
    }
  });

  it('makes later transitions, new tickets and new changelog entries visible as the clock advances', async () => {
    const open = truth.incidents.filter((i) => i.resolvedAt === null);
    expect(open.length).toBeGreaterThan(0);
    const before = await Promise.all(open.map((i) => fullChangelog(sandbox, i.key)));
    const since = wallClock(NOW, 'Europe/Berlin');
    sandbox.clock.advance(3 * DAY_MS);
    try {
      const later = sandbox.jira.truth();
      expect(later.incidents.length).toBeGreaterThan(truth.incidents.length);
      for (const [k, ticket] of open.entries()) {
        const now = later.incidents.find((i) => i.key === ticket.key)!;
        const after = await fullChangelog(sandbox, ticket.key);
        expect(after.length).toBeGreaterThan(before[k]!.length);
        expect(after.slice(0, before[k]!.length)).toEqual(before[k]);
        if (now.resolvedAt !== null) {
          const issue = await jira(sandbox, `/rest/api/3/issue/${ticket.key}?fields=status,resolutiondate`);
          expect(issue.body.fields.status.statusCategory.key).toBe('done');
          expect(instant(issue.body.fields.resolutiondate)).toEqual(now.resolvedAt);
        }
      }
      expect(
        later.incidents.filter((i) => open.some((o) => o.key === i.key) && i.resolvedAt !== null).length,
      ).toBeGreaterThan(0);
      // Everything that changed since the old clock, and only that, matches `updated >= old now`.
      const changed = await searchAll(sandbox, {
        jql: `project = INC AND updated >= "${since}"`,
        fields: 'updated',
      });
      const keys = changed.issues.map((i: Json) => i.key);
      for (const ticket of open) expect(keys).toContain(ticket.key);
      const created = later.incidents.filter((i) => i.createdAt.getTime() > NOW.getTime()).map((i) => i.key);
      for (const key of created) expect(keys).toContain(key);
    } finally {
      sandbox.clock.set(NOW);
    }
    expect(sandbox.jira.truth()).toEqual(truth);
  });

  it('generates the organisation the brief describes', () => {
    const pd = sandbox.pagerduty.truth();
    const teamNames = pd.teams.map((t) => t.name);
    // Users: about twenty, in several zones, some the PagerDuty people with their e-mail in another case.
    expect(truth.users.length).toBeGreaterThanOrEqual(15);
    expect(truth.users.length).toBeLessThanOrEqual(30);
    const zones = new Set(truth.users.map((u) => u.timeZone));
    expect(zones.size).toBeGreaterThanOrEqual(4);
    expect(zones).toContain('Europe/Berlin');
    const recased = truth.users.filter((u) =>
      pd.users.some(
        (p) => p.email !== u.emailAddress && p.email.toLowerCase() === u.emailAddress.toLowerCase(),
      ),
    );
    expect(recased.length).toBeGreaterThan(0);
    // Incidents: every link basis, reopened and external ones, PagerDuty ids that exist, PagerDuty team names.
    expect(new Set(truth.incidents.map((i) => i.linkBasis))).toEqual(new Set(['field', 'label', null]));
    const pdIds = new Set(pd.incidents.map((i) => i.id));
    for (const i of truth.incidents) {
      if (i.pagerdutyIncidentId !== null) expect(pdIds.has(i.pagerdutyIncidentId)).toBe(true);
      expect(teamNames).toContain(i.teamName);
    }
    expect(truth.incidents.some((i) => i.reopenCount > 0)).toBe(true);
    expect(truth.incidents.some((i) => i.isExternal)).toBe(true);
    expect(truth.incidents.some((i) => i.statusChanges > 40)).toBe(true);
    // Postmortems: some SEV1/SEV2 incidents without one; root causes recur within 90 days.
    const reviewed = new Set(truth.postmortems.flatMap((p) => p.incidentKeys));
    const major = truth.incidents.filter(
      (i) => ['SEV1', 'SEV2'].includes(i.severity) && i.resolvedAt !== null,
    );
    expect(major.some((i) => !reviewed.has(i.key))).toBe(true);
    expect(major.filter((i) => reviewed.has(i.key)).length).toBeGreaterThan(major.length / 2);
    expect(truth.postmortems.some((p) => p.completedAt === null)).toBe(true);
    const withCause = truth.incidents.filter((i) => i.rootCause !== null);
    const recurs = withCause.some((a) =>
      withCause.some(
        (b) =>
          a.key !== b.key &&
          a.rootCause === b.rootCause &&
          Math.abs(a.createdAt.getTime() - b.createdAt.getTime()) < 90 * DAY_MS,
      ),
    );
    expect(recurs).toBe(true);
    // Action items: on time, late, open and overdue, open and not due, no due date, moved between teams.
    const end = (d: string) => Date.parse(`${d}T23:59:59.999Z`);
    const items = truth.actionItems;
    expect(items.some((a) => a.dueDate && a.completedAt && a.completedAt.getTime() <= end(a.dueDate))).toBe(
      true,
    );
    expect(items.some((a) => a.dueDate && a.completedAt && a.completedAt.getTime() > end(a.dueDate))).toBe(
      true,
    );
    expect(items.some((a) => a.dueDate && !a.completedAt && end(a.dueDate) < NOW.getTime())).toBe(true);
    expect(items.some((a) => a.dueDate && !a.completedAt && end(a.dueDate) >= NOW.getTime())).toBe(true);
    expect(items.some((a) => a.dueDate === null)).toBe(true);
    expect(items.some((a) => !a.key.startsWith(`${a.project}-`))).toBe(true);
    for (const a of items) expect(['PAY', 'CHK', 'IDN', 'SRCH']).toContain(a.project);
  });
});

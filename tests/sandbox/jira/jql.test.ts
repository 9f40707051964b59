import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JiraTruth, Sandbox } from '../../../src/sandbox/index.ts';
import { DAY_MS, instant, type Json, NOW, searchAll, startJiraSandbox, wallClock } from './helpers.ts';

const MINUTE = 60_000;
const sorted = (keys: string[]) => [...keys].sort();

describe('JQL in the sandbox', () => {
  let sandbox: Sandbox;
  let truth: JiraTruth;
  const keysOf = async (jql: string): Promise<string[]> =>
    (await searchAll(sandbox, { jql, fields: 'summary', maxResults: 100 })).issues.map((i: Json) => i.key);

  beforeAll(async () => {
    sandbox = await startJiraSandbox();
    truth = sandbox.jira.truth();
  });
  afterAll(() => sandbox.close());

  it('reads minute-precision dates in the API user zone (Europe/Berlin), both date spellings', async () => {
    const incidents = [...truth.incidents].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    // Cut-offs one minute after some ticket was created, so the ticket is just outside.
    const picks = [incidents[Math.floor(incidents.length / 3)]!, incidents.at(-10)!];
    for (const pick of picks) {
      const cutoff = Math.floor(pick.createdAt.getTime() / MINUTE) * MINUTE + MINUTE;
      const expected = truth.incidents.filter((i) => i.createdAt.getTime() >= cutoff).map((i) => i.key);
      for (const pattern of ['yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm']) {
        const text = wallClock(cutoff, 'Europe/Berlin', pattern);
        expect(sorted(await keysOf(`project = INC AND created >= "${text}"`))).toEqual(sorted(expected));
      }
      // The same cut-off written in UTC is read as Berlin time: one or two hours earlier, more tickets.
      const naive = await keysOf(`project = INC AND created >= "${wallClock(cutoff, 'UTC')}"`);
      expect(naive).toContain(pick.key);
      expect(expected).not.toContain(pick.key);
    }
  });

  it('reads winter dates with +0100 once the clock passes the end of summer time', async () => {
    sandbox.clock.advance(14 * DAY_MS);
    try {
      const later = sandbox.jira.truth().incidents;
      const winter = later.filter((i) => i.createdAt.getTime() > Date.parse('2026-10-25T01:00:00Z'));
      expect(winter.length).toBeGreaterThan(0);
      const pick = winter[0]!;
      const cutoff = Math.floor(pick.createdAt.getTime() / MINUTE) * MINUTE + MINUTE;
      const text = wallClock(cutoff, 'Europe/Berlin');
      expect(Date.parse(`${text.replaceAll('/', '-').replace(' ', 'T')}:00+01:00`)).toBe(cutoff);
      const expected = later.filter((i) => i.createdAt.getTime() >= cutoff).map((i) => i.key);
      expect(sorted(await keysOf(`project = INC AND created >= "${text}"`))).toEqual(sorted(expected));
    } finally {
      sandbox.clock.set(NOW);
    }
  });

  it('splits the site exactly in two on an `updated` cut-off (>= and <)', async () => {
    const cut = Math.floor((NOW.getTime() - 20 * DAY_MS) / MINUTE) * MINUTE;
    const cutoff = wallClock(cut, 'Europe/Berlin');
    const after = await searchAll(sandbox, {
      jql: `updated >= "${cutoff}"`,
      fields: 'updated',
      maxResults: 100,
    });
    const before = await keysOf(`updated < "${cutoff}"`);
    const total = truth.incidents.length + truth.postmortems.length + truth.actionItems.length;
    expect(after.issues.length + before.length).toBe(total);
    expect(after.issues.length).toBeGreaterThan(0);
    for (const issue of after.issues)
      expect(instant(issue.fields.updated).getTime()).toBeGreaterThanOrEqual(cut);
  });

  it('takes epoch milliseconds as an exact, zone-free instant', async () => {
    const pick = truth.incidents[Math.floor(truth.incidents.length / 2)]!;
    const at = pick.createdAt.getTime();
    const atOrAfter = await keysOf(`project = INC AND created >= ${at}`);
    expect(sorted(atOrAfter)).toEqual(
      sorted(truth.incidents.filter((i) => i.createdAt.getTime() >= at).map((i) => i.key)),
    );
    expect(atOrAfter).toContain(pick.key);
    expect(await keysOf(`project = INC AND created >= ${at + 1}`)).not.toContain(pick.key);
  });

  it('reads relative periods from the sandbox clock', async () => {
    const expected = truth.incidents.filter((i) => i.createdAt.getTime() >= NOW.getTime() - 7 * DAY_MS);
    expect(sorted(await keysOf('project = INC AND created >= -7d'))).toEqual(
      sorted(expected.map((i) => i.key)),
    );
    expect(sorted(await keysOf('project = INC AND created >= "-1w"'))).toEqual(
      sorted(expected.map((i) => i.key)),
    );
  });

  it('filters by project, issuetype, labels and key like the truth says', async () => {
    expect(sorted(await keysOf('project = PM'))).toEqual(sorted(truth.postmortems.map((p) => p.key)));
    expect(sorted(await keysOf('issuetype = Incident'))).toEqual(sorted(truth.incidents.map((i) => i.key)));
    expect(sorted(await keysOf('labels = action-item'))).toEqual(sorted(truth.actionItems.map((a) => a.key)));
    const two = truth.actionItems.filter((a) => ['PAY', 'CHK'].includes(a.project)).map((a) => a.key);
    expect(sorted(await keysOf('project in (PAY, chk) AND issuetype = Task'))).toEqual(sorted(two));
    const some = truth.incidents.slice(0, 3).map((i) => i.key);
    expect(sorted(await keysOf(`key in (${some.join(', ')})`))).toEqual(sorted(some));
    const labelled = truth.incidents.filter((i) => i.linkBasis === 'label')[0]!;
    expect(await keysOf(`labels = "pagerduty-${labelled.pagerdutyIncidentId}"`)).toEqual([labelled.key]);
  });

  it('combines clauses with AND, OR, NOT and parentheses', async () => {
    expect(sorted(await keysOf('(project = PM OR labels = action-item) AND NOT issuetype = Task'))).toEqual(
      sorted(truth.postmortems.map((p) => p.key)),
    );
    const resolved = truth.incidents.filter((i) => i.resolvedAt !== null).map((i) => i.key);
    expect(sorted(await keysOf('project = INC AND statusCategory = Done'))).toEqual(sorted(resolved));
    const open = truth.incidents.filter((i) => i.resolvedAt === null).map((i) => i.key);
    expect(sorted(await keysOf('project = INC AND resolved IS EMPTY'))).toEqual(sorted(open));
    expect(sorted(await keysOf('project = INC AND statusCategory != Done'))).toEqual(sorted(open));
  });

  it('orders by ORDER BY terms (keys numerically), newest first by default', async () => {
    const byKey = await keysOf('project = INC ORDER BY key ASC');
    expect(byKey).toEqual(
      truth.incidents.map((i) => i.key).sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))),
    );
    const byDefault = await keysOf('project = INC');
    const newestFirst = [...truth.incidents].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    expect(byDefault).toEqual(newestFirst.map((i) => i.key));
    const { issues } = await searchAll(sandbox, {
      jql: 'project = PM ORDER BY updated DESC, key ASC',
      fields: 'updated',
      maxResults: 100,
    });
    const times = issues.map((i: Json) => instant(i.fields.updated).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

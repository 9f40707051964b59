import { hexKey, namespaceKey } from '../../ids.ts';
import { FIRST_NAMES, LAST_NAMES } from '../../pagerduty/generator/names.ts';
import type { OrgModel } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { API_USER_TIME_ZONE } from '../catalog.ts';
import type { JiraUserModel } from '../model.ts';
import { JiraStream } from './streams.ts';

export interface JiraPeople {
  users: JiraUserModel[];
  apiUser: number;
  /** Jira user of each PagerDuty user who has a Jira account. */
  byPagerDutyUser: Map<number, number>;
  /** Jira users of each PagerDuty team. */
  teamMembers: number[][];
  /** People outside the on-call teams (support, product), who report customer incidents. */
  others: number[];
}

/** Jira users on the site per on-call team: the manager and two engineers. */
const PER_TEAM = 3;
const JIRA_ONLY_PEOPLE = 5;
const OTHER_ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  'UTC',
  'Europe/London',
] as const;

/** Atlassian account ids: the older 24-character form and the newer `712020:<uuid>` form both occur. */
function accountId(rng: Rng, key: number, index: number): string {
  const hex = hexKey(key, index);
  if (rng.chance(0.6)) return `5${hex.slice(0, 23)}`;
  return `712020:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `ada.lovelace@x` -> `Ada.Lovelace@x`: the same mailbox, a different string (a known identity trap). */
function recased(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local
    .split('.')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('.')}@${domain}`;
}

/**
 * About twenty people: the API user (the integration account the connector authenticates as), three
 * people of each on-call team who are the same persons as in PagerDuty (half of them with their e-mail in a
 * different case), and a few Jira-only people.
 */
export function generatePeople(seed: number, org: OrgModel, apiEmail: string): JiraPeople {
  const rng = new Rng(deriveSeed(seed, JiraStream.users));
  const key = namespaceKey(seed, JiraStream.users);
  const users: JiraUserModel[] = [
    {
      accountId: accountId(rng, key, 0),
      displayName: 'Incident Automation',
      emailAddress: apiEmail,
      timeZone: API_USER_TIME_ZONE,
      teams: [],
      pagerdutyUser: null,
    },
  ];
  const byPagerDutyUser = new Map<number, number>();
  org.teams.forEach((_, t) => {
    const home = org.users.flatMap((u, i) => (u.teams[0] === t ? [i] : [])).slice(0, PER_TEAM);
    for (const p of home) {
      const person = org.users[p]!;
      byPagerDutyUser.set(p, users.length);
      users.push({
        accountId: accountId(rng, key, users.length),
        displayName: person.name,
        emailAddress: rng.chance(0.5) ? recased(person.email) : person.email,
        timeZone: person.timeZone,
        teams: [...person.teams],
        pagerdutyUser: p,
      });
    }
  });
  const taken = new Set(org.users.map((u) => u.name));
  const others: number[] = [];
  for (let k = 0; k < JIRA_ONLY_PEOPLE; k++) {
    let name = '';
    do name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    while (taken.has(name));
    taken.add(name);
    others.push(users.length);
    users.push({
      accountId: accountId(rng, key, users.length),
      displayName: name,
      emailAddress: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@opsledger-sandbox.example`,
      timeZone: OTHER_ZONES[k % OTHER_ZONES.length]!,
      teams: [],
      pagerdutyUser: null,
    });
  }
  const teamMembers = org.teams.map((_, t) => users.flatMap((u, i) => (u.teams.includes(t) ? [i] : [])));
  return { users, apiUser: 0, byPagerDutyUser, teamMembers, others };
}

import { Namespace, namespaceKey, pdId } from '../../ids.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import { DAY } from '../../time.ts';
import {
  Channel,
  type ChannelCode,
  type EscalationPolicyModel,
  type OrgModel,
  type PriorityModel,
  type ScheduleModel,
  type ServiceModel,
  type TeamModel,
  type UserModel,
} from '../model.ts';
import {
  COLORS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  PRIORITY_DESCRIPTIONS,
  SERVICE_SUFFIXES,
  TEAM_NAMES,
  TIME_ZONES,
} from './names.ts';

/** Teams grow slowly with volume: 4 for the small org, 8 for medium, 11 for large. */
export function teamCountFor(incidents: number): number {
  return Math.max(3, Math.min(TEAM_NAMES.length, Math.round(Math.log10(Math.max(incidents, 10)) * 3 - 4)));
}

const NOTIFY_CHAINS: ChannelCode[][] = [
  [Channel.push, Channel.sms, Channel.phone],
  [Channel.sms, Channel.phone],
  [Channel.push, Channel.phone],
  [Channel.email, Channel.sms, Channel.phone],
];

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '.');
}

function makeUsers(rng: Rng, seed: number, teams: TeamModel[]): { users: UserModel[]; members: number[][] } {
  const key = namespaceKey(seed, Namespace.user);
  const users: UserModel[] = [];
  const members: number[][] = teams.map(() => []);
  const usedNames = new Set<string>();
  teams.forEach((team, t) => {
    const engineers = rng.int(5, 7);
    for (let k = 0; k <= engineers; k++) {
      let name = '';
      do name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      while (usedNames.has(name));
      usedNames.add(name);
      const index = users.length;
      const isManager = k === 0;
      users.push({
        id: pdId(key, index),
        name,
        email: `${slug(name)}@opsledger-sandbox.example`,
        phone: `+1 555-01${String(index % 100).padStart(2, '0')}`,
        timeZone: rng.chance(0.7) ? team.timeZone : rng.pick(TIME_ZONES),
        role: isManager ? 'admin' : rng.chance(0.1) ? 'limited_user' : 'user',
        color: rng.pick(COLORS),
        jobTitle: isManager ? 'Engineering Manager' : rng.pick(JOB_TITLES),
        teams: [t],
        notifyChain: rng.pick(NOTIFY_CHAINS),
        createdViaSso: rng.chance(0.6),
      });
      members[t]?.push(index);
    }
  });
  // Some people belong to two teams (a known trap: counting them once per team inflates team figures).
  users.forEach((user, index) => {
    if (teams.length > 1 && user.role !== 'admin' && rng.chance(0.1)) {
      const other = (user.teams[0]! + rng.int(1, teams.length - 1)) % teams.length;
      user.teams.push(other);
      members[other]?.push(index);
    }
  });
  return { users, members };
}

/** Builds the directory: teams, their people, services, on-call schedules and escalation policies. */
export function generateOrg(
  seed: number,
  incidentVolume: number,
  historyStart: number,
  reorganisedAt?: number,
): OrgModel {
  const rng = new Rng(deriveSeed(seed, 1));
  const teamCount = teamCountFor(incidentVolume);
  const teamKey = namespaceKey(seed, Namespace.team);
  const teams: TeamModel[] = TEAM_NAMES.slice(0, teamCount).map((name, t) => ({
    id: pdId(teamKey, t),
    name,
    description: `${name} engineering team`,
    timeZone: TIME_ZONES[t % TIME_ZONES.length]!,
  }));
  const { users, members } = makeUsers(rng, seed, teams);

  const scheduleKey = namespaceKey(seed, Namespace.schedule);
  const policyKey = namespaceKey(seed, Namespace.escalationPolicy);
  const serviceKey = namespaceKey(seed, Namespace.service);
  const integrationKey = namespaceKey(seed, Namespace.integration);
  const schedules: ScheduleModel[] = [];
  const escalationPolicies: EscalationPolicyModel[] = [];
  const services: ServiceModel[] = [];

  teams.forEach((team, t) => {
    const home = (members[t] ?? []).filter((u) => users[u]?.teams[0] === t);
    const manager = home[0]!;
    const engineers = home.slice(1);
    const layers: Array<[string, number[], number]> = [
      ['Primary', engineers, 0],
      ['Secondary', engineers, 1],
      ['Management', [manager, engineers[0]!], 0],
    ];
    const ruleSchedules = layers.map(([label, rotation, offset]) => {
      schedules.push({
        id: pdId(scheduleKey, schedules.length),
        name: `${team.name} ${label}`,
        team: t,
        users: rotation,
        offset,
      });
      return schedules.length - 1;
    });
    const policyIndex = escalationPolicies.length;
    escalationPolicies.push({
      id: pdId(policyKey, policyIndex),
      name: `${team.name} Escalation Policy`,
      team: t,
      rules: ruleSchedules.map((schedule, level) => ({
        id: pdId(policyKey, 1000 + policyIndex * 10 + level),
        delayMinutes: level === 0 ? rng.pick([15, 30]) : 30,
        schedule,
      })),
      numLoops: rng.int(0, 1),
      services: [],
    });
    const serviceCount = rng.int(3, 5);
    for (let k = 0; k < serviceCount; k++) {
      const index = services.length;
      const suffix = SERVICE_SUFFIXES[k % SERVICE_SUFFIXES.length]!;
      services.push({
        id: pdId(serviceKey, index),
        name: `${team.name} ${suffix}`,
        description: `${suffix} of the ${team.name} team`,
        team: t,
        escalationPolicy: policyIndex,
        acknowledgementTimeout: rng.chance(0.35) ? rng.pick([1800, 3600]) : null,
        autoResolveTimeout: rng.chance(0.5) ? 14400 : null,
        createdAt: historyStart - rng.int(30, 700) * DAY - rng.int(0, 86_399) * 1000,
        integrationId: pdId(integrationKey, index),
      });
      escalationPolicies[policyIndex]?.services.push(index);
    }
  });

  if (reorganisedAt !== undefined) reorganise(services, escalationPolicies, reorganisedAt);

  const priorityKey = namespaceKey(seed, Namespace.priority);
  const priorities: PriorityModel[] = (['P1', 'P2', 'P3', 'P4', 'P5'] as const).map((name, k) => ({
    id: pdId(priorityKey, k),
    name,
    description: PRIORITY_DESCRIPTIONS[k]!,
  }));
  return { teams, users, services, schedules, escalationPolicies, priorities };
}

/**
 * The reorganisation every sandbox has: the first service of the first team moves to the second team (and its
 * escalation policy) at `at`. PagerDuty shows it under the new team today; incidents before keep the old team.
 */
function reorganise(services: ServiceModel[], policies: EscalationPolicyModel[], at: number): void {
  const moved = services[0];
  const target = policies.findIndex((p) => p.team === 1);
  if (!moved || target < 0) return;
  const from = moved.escalationPolicy;
  moved.previousTeam = moved.team;
  moved.previousEscalationPolicy = from;
  moved.teamSince = at;
  moved.team = 1;
  moved.escalationPolicy = target;
  policies[from]!.services = policies[from]!.services.filter((s) => s !== 0);
  policies[target]!.services.push(0);
}

import { hexKey, namespaceKey } from '../../ids.ts';
import type { OrgModel } from '../../pagerduty/model.ts';
import { deriveSeed, Rng } from '../../prng.ts';
import {
  CUSTOM_FIELDS,
  type CustomFieldKey,
  INCIDENT_PROJECT,
  POSTMORTEM_PROJECT,
  projectKeyForTeam,
} from '../catalog.ts';
import type { CustomFieldModel, ProjectModel, TeamModel } from '../model.ts';
import { JiraStream } from './streams.ts';

export interface Site {
  projects: ProjectModel[];
  incidentProject: number;
  postmortemProject: number;
  teamProjects: number[];
  teams: TeamModel[];
  fields: Record<CustomFieldKey, CustomFieldModel>;
}

const OPERATIONS = { id: '10000', name: 'Operations', description: 'Incident management' };

/** Projects (INC, PM, one per team), Atlassian teams named like the PagerDuty teams, and custom fields. */
export function generateSite(seed: number, org: OrgModel): Site {
  const rng = new Rng(deriveSeed(seed, JiraStream.site));
  const projects: ProjectModel[] = [
    {
      id: '10000',
      key: INCIDENT_PROJECT,
      name: 'Incidents',
      description: 'One ticket per production incident.',
      issueType: 'incident',
      team: null,
      category: OPERATIONS,
    },
    {
      id: '10001',
      key: POSTMORTEM_PROJECT,
      name: 'Postmortems',
      description: 'Post-incident reviews.',
      issueType: 'postmortem',
      team: null,
      category: OPERATIONS,
    },
  ];
  const used = new Set(projects.map((p) => p.key));
  const teamProjects = org.teams.map((team, t) => {
    let key = projectKeyForTeam(team.name);
    for (let n = 2; used.has(key); n++) key = `${projectKeyForTeam(team.name)}${n}`;
    used.add(key);
    projects.push({
      id: String(10_002 + t),
      key,
      name: team.name,
      description: `Engineering work of the ${team.name} team (owning team: ${team.name}).`,
      issueType: 'task',
      team: t,
      category: { id: String(10_001 + t), name: team.name, description: `${team.name} team` },
    });
    return projects.length - 1;
  });

  const teamKey = namespaceKey(seed, JiraStream.site);
  const teams = org.teams.map((team, t) => {
    const hex = hexKey(teamKey, t);
    return {
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
      name: team.name,
    };
  });

  // Custom field ids are site-specific in Jira; draw distinct ones so no connector can hard-code them.
  const taken = new Set<number>();
  let optionId = 10_100;
  const fields = {} as Record<CustomFieldKey, CustomFieldModel>;
  for (const key of Object.keys(CUSTOM_FIELDS) as CustomFieldKey[]) {
    let numericId = 0;
    do numericId = rng.int(10_020, 10_099);
    while (taken.has(numericId));
    taken.add(numericId);
    fields[key] = {
      key,
      id: `customfield_${numericId}`,
      numericId,
      options: CUSTOM_FIELDS[key].options.map((value) => ({ id: String(optionId++), value })),
    };
  }
  return {
    projects,
    incidentProject: 0,
    postmortemProject: 1,
    teamProjects,
    teams,
    fields,
  };
}

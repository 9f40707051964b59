import { API_BASE, type OrgModel, type PagerDutyWorld, SERVICE_AGENT, WEB_BASE } from '../model.ts';

/**
 * Reference objects (`{id, type, summary, self, html_url}`) as PagerDuty embeds them. `self` points at the
 * real API host, as in PagerDuty's own payloads: it never depends on the sandbox port, so two sandboxes with
 * one seed answer byte for byte the same. Connectors must build URLs from their configured base URL.
 */
export interface Reference {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url: string | null;
}

export function ref(type: string, id: string, summary: string, apiPath: string, webPath: string): Reference {
  return {
    id,
    type,
    summary,
    self: `${API_BASE}/${apiPath}/${id}`,
    html_url: `${WEB_BASE}/${webPath}/${id}`,
  };
}

/** Cached per org: reference objects are immutable and shared by every payload. */
export class ReferenceBook {
  readonly teams: Reference[];
  readonly users: Reference[];
  readonly services: Reference[];
  readonly escalationPolicies: Reference[];
  readonly schedules: Reference[];

  constructor(org: OrgModel) {
    this.teams = org.teams.map((t) => ref('team_reference', t.id, t.name, 'teams', 'teams'));
    this.users = org.users.map((u) => ref('user_reference', u.id, u.name, 'users', 'users'));
    this.services = org.services.map((s) =>
      ref('service_reference', s.id, s.name, 'services', 'service-directory'),
    );
    this.escalationPolicies = org.escalationPolicies.map((p) =>
      ref('escalation_policy_reference', p.id, p.name, 'escalation_policies', 'escalation_policies'),
    );
    this.schedules = org.schedules.map((s) =>
      ref('schedule_reference', s.id, s.name, 'schedules', 'schedules'),
    );
  }

  team(index: number): Reference {
    return this.teams[index]!;
  }

  user(index: number): Reference {
    return this.users[index]!;
  }

  service(index: number): Reference {
    return this.services[index]!;
  }

  /** A user, or the incident's service when the agent is the service itself. */
  agent(agent: number, service: number): Reference {
    return agent === SERVICE_AGENT ? this.service(service) : this.user(agent);
  }
}

export interface RenderContext {
  world: PagerDutyWorld;
  refs: ReferenceBook;
  now: number;
}

export function priorityReference(
  world: PagerDutyWorld,
  priority: number,
): Omit<Reference, 'html_url'> | null {
  if (priority === 0) return null;
  const p = world.org.priorities[priority - 1]!;
  return { id: p.id, type: 'priority_reference', summary: p.name, self: `${API_BASE}/priorities/${p.id}` };
}

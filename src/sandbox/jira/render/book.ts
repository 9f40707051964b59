import {
  API,
  type CustomFieldKey,
  ISSUE_TYPES,
  type IssueTypeKey,
  LINK_TYPES,
  type LinkTypeKey,
  RESOLUTION_DONE,
  SITE,
  STATUS_CATEGORIES,
  STATUSES,
  type StatusKey,
} from '../catalog.ts';
import type { JiraUserModel, JiraWorld, ProjectModel } from '../model.ts';

function avatarUrls(base: string): Record<string, string> {
  return Object.fromEntries(
    [48, 24, 16, 32].map((s) => [`${s}x${s}`, `${base}${base.includes('?') ? '&' : '?'}size=${s}&s=${s}`]),
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase())
    .join('')
    .slice(0, 2);
}

export function renderUser(user: JiraUserModel, index: number): Record<string, unknown> {
  return {
    self: `${API}/user?accountId=${user.accountId}`,
    accountId: user.accountId,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(
      `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${initials(user.displayName)}-${index % 6}.png`,
    ),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
    accountType: 'atlassian',
  };
}

export function renderStatus(key: StatusKey): Record<string, unknown> {
  const s = STATUSES[key];
  const c = STATUS_CATEGORIES[s.category];
  return {
    self: `${API}/status/${s.id}`,
    description: s.description,
    iconUrl: `${SITE}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: {
      self: `${API}/statuscategory/${c.id}`,
      id: c.id,
      key: s.category,
      colorName: c.colorName,
      name: c.name,
    },
  };
}

export function renderIssueType(key: IssueTypeKey): Record<string, unknown> {
  const t = ISSUE_TYPES[key];
  return {
    self: `${API}/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
    name: t.name,
    subtask: false,
    avatarId: t.avatarId,
    hierarchyLevel: 0,
  };
}

export function renderProject(p: ProjectModel): Record<string, unknown> {
  return {
    self: `${API}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: avatarUrls(
      `${SITE}/rest/api/3/universal_avatar/view/type/project/avatar/10${p.id.slice(-3)}`,
    ),
    projectCategory: {
      self: `${API}/projectCategory/${p.category.id}`,
      id: p.category.id,
      description: p.category.description,
      name: p.category.name,
    },
  };
}

export function renderLinkType(key: LinkTypeKey): Record<string, unknown> {
  const t = LINK_TYPES[key];
  return {
    id: t.id,
    name: t.name,
    inward: t.inward,
    outward: t.outward,
    self: `${API}/issueLinkType/${t.id}`,
  };
}

export const RESOLUTION = {
  self: `${API}/resolution/${RESOLUTION_DONE.id}`,
  id: RESOLUTION_DONE.id,
  description: RESOLUTION_DONE.description,
  name: RESOLUTION_DONE.name,
};

export const PRIORITY = {
  self: `${API}/priority/3`,
  iconUrl: `${SITE}/images/icons/priorities/medium.svg`,
  name: 'Medium',
  id: '3',
};

/** Immutable payload parts of one site, built once and shared by every answer. */
export class RenderBook {
  readonly users: Record<string, unknown>[];
  readonly projects: Record<string, unknown>[];
  readonly statuses: Record<StatusKey, Record<string, unknown>>;
  readonly issueTypes: Record<IssueTypeKey, Record<string, unknown>>;
  readonly linkTypes: Record<LinkTypeKey, Record<string, unknown>>;
  /** Option id of each (field, value). */
  readonly #options = new Map<string, string>();

  constructor(readonly world: JiraWorld) {
    this.users = world.users.map((u, i) => renderUser(u, i));
    this.projects = world.projects.map(renderProject);
    this.statuses = Object.fromEntries(
      (Object.keys(STATUSES) as StatusKey[]).map((k) => [k, renderStatus(k)]),
    ) as Record<StatusKey, Record<string, unknown>>;
    this.issueTypes = Object.fromEntries(
      (Object.keys(ISSUE_TYPES) as IssueTypeKey[]).map((k) => [k, renderIssueType(k)]),
    ) as Record<IssueTypeKey, Record<string, unknown>>;
    this.linkTypes = Object.fromEntries(
      (Object.keys(LINK_TYPES) as LinkTypeKey[]).map((k) => [k, renderLinkType(k)]),
    ) as Record<LinkTypeKey, Record<string, unknown>>;
    for (const field of Object.values(world.fields)) {
      for (const o of field.options) this.#options.set(`${field.key}\u0000${o.value}`, o.id);
    }
  }

  user(index: number | null): Record<string, unknown> | null {
    return index === null ? null : this.users[index]!;
  }

  optionId(field: CustomFieldKey, value: string): string {
    const id = this.#options.get(`${field}\u0000${value}`);
    if (id === undefined) throw new Error(`no option '${value}' on field ${field}`);
    return id;
  }

  option(field: CustomFieldKey, value: string | null): Record<string, unknown> | null {
    if (value === null) return null;
    const id = this.optionId(field, value);
    return { self: `${API}/customFieldOption/${id}`, value, id };
  }

  team(index: number | null): Record<string, unknown> | null {
    const team = index === null ? undefined : this.world.teams[index];
    if (!team) return null;
    return {
      id: team.id,
      name: team.name,
      avatarUrl: '',
      isVisible: true,
      isVerified: false,
      title: team.name,
      isShared: true,
    };
  }
}

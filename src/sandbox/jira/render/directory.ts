import {
  API,
  API_USER_TIME_ZONE,
  CLAUSE_SUFFIX,
  CUSTOM_FIELDS,
  type CustomFieldKey,
  FIELD_SCHEMAS,
  ISSUE_TYPES,
  LINK_TYPES,
  type LinkTypeKey,
  SITE,
  STATUSES,
  type StatusKey,
} from '../catalog.ts';
import type { JiraWorld, ProjectModel } from '../model.ts';
import type { RenderBook } from './book.ts';
import { SYSTEM_FIELDS } from './fields.ts';
import { jiraTime } from './time.ts';

/** `GET /rest/api/3/field`: a bare array, system fields then custom fields (`custom: true`). */
export function renderFieldList(world: JiraWorld): unknown[] {
  const systemFields = SYSTEM_FIELDS.map((f) => ({
    id: f.id,
    key: f.id,
    name: f.name,
    custom: false,
    orderable: f.orderable,
    navigable: true,
    searchable: true,
    clauseNames: f.clauseNames,
    schema: f.schema,
  }));
  const custom = (Object.keys(CUSTOM_FIELDS) as CustomFieldKey[]).map((key) => {
    const def = CUSTOM_FIELDS[key];
    const model = world.fields[key];
    return {
      id: model.id,
      key: model.id,
      name: def.name,
      untranslatedName: def.name,
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [`cf[${model.numericId}]`, def.name, `${def.name}[${CLAUSE_SUFFIX[def.kind]}]`],
      schema: { ...FIELD_SCHEMAS[def.kind], customId: model.numericId },
    };
  });
  return [...systemFields, ...custom];
}

/** `GET /rest/api/3/myself`: the API user, whose zone (Europe/Berlin) JQL dates and timestamps use. */
export function renderMyself(world: JiraWorld, book: RenderBook): Record<string, unknown> {
  const me = book.users[world.apiUser]!;
  return {
    self: me.self,
    key: '',
    accountId: me.accountId,
    accountType: 'atlassian',
    name: '',
    emailAddress: me.emailAddress,
    avatarUrls: me.avatarUrls,
    displayName: me.displayName,
    active: true,
    timeZone: API_USER_TIME_ZONE,
    locale: 'en_US',
    groups: { size: 3, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

export function renderLinkTypes(book: RenderBook): Record<string, unknown> {
  return { issueLinkTypes: (Object.keys(LINK_TYPES) as LinkTypeKey[]).map((k) => book.linkTypes[k]) };
}

export function renderStatuses(book: RenderBook): unknown[] {
  return (Object.keys(STATUSES) as StatusKey[]).map((k) => book.statuses[k]);
}

export function renderServerInfo(now: number): Record<string, unknown> {
  return {
    baseUrl: SITE,
    displayUrl: SITE,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100_281,
    buildDate: '2026-01-01T00:00:00.000+0000',
    serverTime: jiraTime(now),
    scmInfo: '57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71',
    serverTitle: 'Jira',
    defaultLocale: { locale: 'en_US' },
    serverTimeZone: 'Etc/UTC',
  };
}

/** A project as `/project/search` lists it; `description` only with `expand=description` (or on GET). */
export function renderProjectDetail(
  project: ProjectModel,
  book: RenderBook,
  index: number,
  withDescription: boolean,
): Record<string, unknown> {
  const base = book.projects[index]!;
  const type = ISSUE_TYPES[project.issueType];
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...base,
    ...(withDescription ? { description: project.description } : {}),
    style: 'classic',
    isPrivate: false,
    properties: {},
    issueTypes: [{ self: `${API}/issuetype/${type.id}`, id: type.id, name: type.name, subtask: false }],
  };
}

import { notFound } from '../errors.ts';
import { page, pageRequest } from '../pagination.ts';
import { arrayParam } from '../params.ts';
import {
  renderEscalationPolicy,
  renderPriority,
  renderService,
  renderTeam,
  renderUser,
} from '../render/directory.ts';
import type { PagerDutyRoute, RouteContext } from './context.ts';

interface Named {
  id: string;
  name: string;
}

/**
 * Indices of `items` kept by the common directory filters: `query` (case-insensitive name match) and
 * `team_ids[]` when the resource belongs to teams.
 */
function filtered(ctx: RouteContext, items: Named[], teamsOf?: (i: number) => number[]): number[] {
  const text = (ctx.query.get('query') ?? '').toLowerCase();
  const teamIds = new Set(arrayParam(ctx.query, 'team_ids'));
  const teamIndexes = new Set(ctx.world.org.teams.flatMap((t, i) => (teamIds.has(t.id) ? [i] : [])));
  return items.flatMap((item, i) => {
    if (text !== '' && !item.name.toLowerCase().includes(text)) return [];
    if (teamIds.size > 0 && teamsOf && !teamsOf(i).some((t) => teamIndexes.has(t))) return [];
    return [i];
  });
}

function listRoute(
  path: string,
  key: string,
  items: (ctx: RouteContext) => Named[],
  render: (ctx: RouteContext, i: number) => unknown,
  teamsOf?: (ctx: RouteContext, i: number) => number[],
): PagerDutyRoute {
  return {
    pattern: new RegExp(`^/${path}$`),
    name: `/${path}`,
    handle(ctx) {
      const request = pageRequest(ctx.query, ctx.paginationCap);
      const kept = filtered(ctx, items(ctx), teamsOf ? (i) => teamsOf(ctx, i) : undefined);
      return page(key, request, kept.length, (k) => render(ctx, kept[k]!));
    },
  };
}

function showRoute(
  path: string,
  key: string,
  items: (ctx: RouteContext) => Named[],
  render: (ctx: RouteContext, i: number) => unknown,
): PagerDutyRoute {
  return {
    pattern: new RegExp(`^/${path}/([^/]+)$`),
    name: `/${path}/{id}`,
    handle(ctx, [id = '']) {
      const index = items(ctx).findIndex((item) => item.id === id);
      if (index < 0) throw notFound();
      return { [key]: render(ctx, index) };
    },
  };
}

const teams = (ctx: RouteContext) => ctx.world.org.teams;
const users = (ctx: RouteContext) => ctx.world.org.users;
const services = (ctx: RouteContext) => ctx.world.org.services;
const policies = (ctx: RouteContext) => ctx.world.org.escalationPolicies;
const priorities = (ctx: RouteContext) => ctx.world.org.priorities;

const renderUserFor = (ctx: RouteContext, i: number) =>
  renderUser(ctx, i, arrayParam(ctx.query, 'include').includes('contact_methods'));

export const directoryRoutes: PagerDutyRoute[] = [
  listRoute('teams', 'teams', teams, renderTeam),
  showRoute('teams', 'team', teams, renderTeam),
  listRoute('users', 'users', users, renderUserFor, (ctx, i) => ctx.world.org.users[i]!.teams),
  showRoute('users', 'user', users, renderUserFor),
  listRoute('services', 'services', services, renderService, (ctx, i) => [ctx.world.org.services[i]!.team]),
  showRoute('services', 'service', services, renderService),
  listRoute('escalation_policies', 'escalation_policies', policies, renderEscalationPolicy, (ctx, i) => [
    ctx.world.org.escalationPolicies[i]!.team,
  ]),
  showRoute('escalation_policies', 'escalation_policy', policies, renderEscalationPolicy),
  listRoute('priorities', 'priorities', priorities, renderPriority),
];

import {
  assignmentOrder,
  matchAssignmentRule,
  type AssignmentMember,
  type CompiledAssignmentRule,
  type CompiledWorkflow,
  type FunnelRecord,
} from '@funnel/engine';
import type { Role } from '@funnel/schemas';

/** A person of the tenant as routing sees them: who they report to, their roles, and whether they can take records. */
export interface RoutingPerson {
  id: string;
  name: string;
  roles: readonly Role[];
  managerId: string | null;
  active: boolean;
  availability: { awayFrom: string; awayUntil: string } | null;
}

/**
 * The api draws a ticket from a counter per rule; the simulator has no counter, so it shows the order of the rule's
 * first assignment (a fresh rotation).
 */
const FRESH_ROTATION_TICKET = 0;

/**
 * Where routing would send the record: nowhere (no rule is met, its creator keeps it), or the rule it meets, with the
 * people its target names in the order the api would try them (null while the tenant's people are not known).
 */
export type SimulatedRouting = { type: 'creator' } | { type: 'rule'; rule: CompiledAssignmentRule; order: RoutingPerson[] | null };

/**
 * Which assignment rule the record meets at `now`, and whom the api would try, in order, for a fresh rotation: away and
 * deactivated people left out, nobody's open records counted (the fewest-open strategy then goes by id).
 * @example simulatedRouting({ workflow, record, now, people }) // → { type: 'rule', rule: { key: 'sales', … }, order: [ann, bob] }
 */
export function simulatedRouting(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  now: number;
  people: readonly RoutingPerson[] | null;
}): SimulatedRouting {
  const { workflow, record, now, people } = args;
  // Routing sees the record as created, unowned: a picked record's owner must not change which rule it meets.
  const match = matchAssignmentRule({ workflow, record: { ...record, owner: null }, now });
  if (!match) return { type: 'creator' };
  const { rule } = match;
  if (!people) return { type: 'rule', rule, order: null };
  const byId = new Map(people.map((person) => [person.id, person]));
  const members = namedBy(rule, people).map((person) => memberOf(person));
  const order = assignmentOrder({ rule, members, ticket: FRESH_ROTATION_TICKET, now });
  return { type: 'rule', rule, order: order.flatMap((id) => byId.get(id) ?? []) };
}

/** The people a rule's target names, as the api resolves them: one user, everyone below a manager, a list, a role. */
function namedBy(rule: CompiledAssignmentRule, people: readonly RoutingPerson[]): RoutingPerson[] {
  const target = rule.target;
  if (target.type === 'user') return people.filter((person) => person.id === target.user);
  const team = target.team;
  if ('manager' in team) {
    const below = reportsBelow(people, team.manager);
    return people.filter((person) => below.has(person.id));
  }
  if ('users' in team) return people.filter((person) => team.users.includes(person.id));
  return people.filter((person) => person.roles.includes(team.role));
}

/** Everyone below a manager, directly or through others (not the manager). */
function reportsBelow(people: readonly RoutingPerson[], manager: string): Set<string> {
  const below = new Set<string>();
  const queue = [manager];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const person of people) {
      if (person.managerId !== next || below.has(person.id) || person.id === manager) continue;
      below.add(person.id);
      queue.push(person.id);
    }
  }
  return below;
}

function memberOf(person: RoutingPerson): AssignmentMember {
  const away = person.availability;
  return {
    id: person.id,
    active: person.active,
    ...(away ? { awayFrom: Date.parse(away.awayFrom), awayUntil: Date.parse(away.awayUntil) } : {}),
    open: 0,
  };
}

import { MAX_ASSIGNMENT_WEIGHT } from '@funnel/schemas';
import type { CompiledAssignmentRule } from './compiled-workflow';
import type { Instant } from './record';
import { FAIRNESS_WINDOW, weightedRotation } from './weighted-rotation';

/**
 * A person a rule may route to, as the api resolved them from the rule's target: whether they are active, when they
 * are away (`now` within [awayFrom, awayUntil], either end open when absent), how many open records they hold
 * (those countsForCapacity counts), and their weight when the api resolved one (else the rule's weight for the id,
 * else 1).
 * @example { id: 'u_ann', active: true, awayFrom: Date.UTC(2026, 0, 5), awayUntil: Date.UTC(2026, 0, 9), open: 12 }
 */
export interface AssignmentMember {
  id: string;
  active: boolean;
  awayFrom?: Instant;
  awayUntil?: Instant;
  open: number;
  weight?: number;
}

/** How far past the ticket a weighted rotation is followed to order the members after the first. */
const WEIGHTED_LOOKAHEAD = 2 * FAIRNESS_WINDOW;

/**
 * The order in which the api tries members for one assignment (it takes the first whose capacity write succeeds;
 * none: the record goes to the pool, reason NO_ONE_AVAILABLE). Deactivated and away members never appear; members
 * are sorted by id (code-unit order) and listed once.
 * - one user: that user, if available.
 * - round_robin: starting at `ticket mod n`, then the following members in order (wrapping).
 * - weighted_round_robin: the member weightedRotation gives the ticket, then the others in the order the rotation
 *   reaches them over the next 200 tickets, then any left by weight (heaviest first) and id. Over any 100 tickets in a
 *   row each member is first within one of its share.
 * - least_loaded: by `open`, fewest first, ties by id (the ticket is not used).
 * `ticket` is a non-negative integer from a counter the api keeps per tenant, workflow and rule (one per assignment).
 * @example assignmentOrder({ rule, members: [ann, bob, cat], ticket: 4, now }) // → ['bob', 'cat', 'ann'] (round robin)
 */
export function assignmentOrder(args: { rule: CompiledAssignmentRule; members: readonly AssignmentMember[]; ticket: number; now: Instant }): string[] {
  const { rule, now } = args;
  const target = rule.target;
  const available = availableMembers(args.members, now).filter((m) => target.type === 'team' || m.id === target.user);
  if (available.length === 0 || target.type === 'user') return available.map((m) => m.id);
  const ticket = Math.max(0, Math.floor(args.ticket));
  switch (target.strategy) {
    case 'round_robin': {
      const start = ticket % available.length;
      return [...available.slice(start), ...available.slice(0, start)].map((m) => m.id);
    }
    case 'weighted_round_robin':
      return weightedOrder({ members: available, weights: available.map((m) => weightOf(m, target.weights)), ticket });
    case 'least_loaded':
      return [...available].sort((a, b) => a.open - b.open || byId(a, b)).map((m) => m.id);
    default: {
      const never: never = target.strategy;
      throw new Error(`unknown strategy ${String(never)}`);
    }
  }
}

/** Active members who are not away at `now`, once each, sorted by id. */
function availableMembers(members: readonly AssignmentMember[], now: Instant): AssignmentMember[] {
  const seen = new Set<string>();
  const available: AssignmentMember[] = [];
  for (const member of members) {
    if (seen.has(member.id)) continue;
    seen.add(member.id);
    if (member.active && !isAway(member, now)) available.push(member);
  }
  return available.sort(byId);
}

function isAway(member: AssignmentMember, now: Instant): boolean {
  if (member.awayFrom === undefined && member.awayUntil === undefined) return false;
  return (member.awayFrom === undefined || member.awayFrom <= now) && (member.awayUntil === undefined || now <= member.awayUntil);
}

function byId(a: AssignmentMember, b: AssignmentMember): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The member's weight: the one the api resolved, else the rule's, else 1; a whole number from 1 to 100. */
function weightOf(member: AssignmentMember, weights: Readonly<Record<string, number>>): number {
  const weight = member.weight ?? (Object.hasOwn(weights, member.id) ? weights[member.id] : undefined) ?? 1;
  return Number.isFinite(weight) ? Math.min(MAX_ASSIGNMENT_WEIGHT, Math.max(1, Math.round(weight))) : 1;
}

function weightedOrder({ members, weights, ticket }: { members: readonly AssignmentMember[]; weights: readonly number[]; ticket: number }): string[] {
  const rotation = weightedRotation(weights);
  const order: number[] = [];
  const listed = new Set<number>();
  for (let t = ticket; t < ticket + WEIGHTED_LOOKAHEAD && order.length < members.length; t++) {
    const member = rotation.memberAt(t);
    if (!listed.has(member)) {
      listed.add(member);
      order.push(member);
    }
  }
  const rest = members.map((_, i) => i).filter((i) => !listed.has(i));
  rest.sort((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
  return [...order, ...rest].map((i) => members[i]?.id ?? '');
}

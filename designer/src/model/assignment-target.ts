import { type AssignmentStrategy, type AssignmentTarget, MAX_ASSIGNMENT_WEIGHT, type Role } from '@funnel/schemas';

/** Whom a rule routes to, as the form asks it: one user, or a team given by a manager, a list of users or a role. */
export const TARGET_KINDS = ['user', 'manager', 'users', 'role'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * The kind of a rule's target, as the form shows it (a target naming none is read as one user, to be typed).
 * @example targetKind({ team: { role: 'sales' }, strategy: 'round_robin' }) // → 'role'
 */
export function targetKind(target: AssignmentTarget): TargetKind {
  if (target.team?.manager !== undefined) return 'manager';
  if (target.team?.users !== undefined) return 'users';
  if (target.team?.role !== undefined) return 'role';
  return 'user';
}

/**
 * A target of another kind: one user (no strategy), or a team with the strategy it had (round robin by default).
 * What the person typed before (a user id, the first of a list) is kept where it still fits.
 * @example withTargetKind({ user: 'u_ann' }, 'users') // → { team: { users: ['u_ann'] }, strategy: 'round_robin' }
 */
export function withTargetKind({ target, kind, role }: { target: AssignmentTarget; kind: TargetKind; role: Role }): AssignmentTarget {
  const someone = target.user ?? target.team?.manager ?? target.team?.users?.[0] ?? '';
  const strategy = target.strategy ?? 'round_robin';
  switch (kind) {
    case 'user':
      return { user: someone };
    case 'manager':
      return { team: { manager: someone }, strategy };
    case 'users':
      return { team: { users: someone === '' ? [] : [someone] }, strategy };
    case 'role':
      return { team: { role: target.team?.role ?? role }, strategy };
    default:
      return assertNever(kind);
  }
}

/**
 * The target with another strategy; weights go unless the rotation is weighted.
 * @example withStrategy({ team: { role: 'sales' }, strategy: 'weighted_round_robin', weights: { u: 2 } }, 'least_loaded') // → { team: { role: 'sales' }, strategy: 'least_loaded' }
 */
export function withStrategy(target: AssignmentTarget, strategy: AssignmentStrategy): AssignmentTarget {
  const { weights, ...rest } = target;
  return strategy === 'weighted_round_robin' && weights ? { ...rest, strategy, weights } : { ...rest, strategy };
}

/**
 * User ids typed as a list: separated by commas, spaces or the Chinese comma, blanks and repeats dropped.
 * @example userList('u_ann, u_bob，u_ann') // → ['u_ann', 'u_bob']
 */
export function userList(text: string): string[] {
  return [...new Set(text.split(/[\s,，、]+/).filter(Boolean))];
}

/**
 * Weights typed as `user=weight` pairs ("u_ann=3, u_bob=1"); a pair that is not a whole number from 1 to
 * MAX_ASSIGNMENT_WEIGHT is returned in `invalid`, so the form can say which.
 * @example weightsFromText('u_ann=3, u_bob=x') // → { weights: { u_ann: 3 }, invalid: ['u_bob=x'] }
 */
export function weightsFromText(text: string): { weights: Record<string, number>; invalid: string[] } {
  const weights: Record<string, number> = {};
  const invalid: string[] = [];
  for (const pair of text
    .split(/[,，、\n]+/)
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^(.+?)\s*[=:：]\s*(\d+)$/.exec(pair);
    const weight = match ? Number(match[2]) : Number.NaN;
    if (match?.[1] && Number.isInteger(weight) && weight >= 1 && weight <= MAX_ASSIGNMENT_WEIGHT) weights[match[1]] = weight;
    else invalid.push(pair);
  }
  return { weights, invalid };
}

/**
 * Weights as the form shows them, in the order they were given.
 * @example weightsToText({ u_ann: 3, u_bob: 1 }) // → 'u_ann=3, u_bob=1'
 */
export function weightsToText(weights: Record<string, number> | undefined): string {
  return Object.entries(weights ?? {})
    .map(([user, weight]) => `${user}=${weight}`)
    .join(', ');
}

function assertNever(value: never): never {
  throw new Error(`unknown target kind ${String(value)}`);
}

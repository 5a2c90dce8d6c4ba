import type { Assignment, AssignmentTarget, AssignmentTeam, Stage } from '@funnel/schemas';
import type { Guard } from './compile-guard';
import type { CompiledAssignment, CompiledAssignmentTarget, CompiledTeam } from './compiled-workflow';

/**
 * Compiles the definition's assignment section: each rule's `when` through the guard compiler (so it is checked and
 * run like a guard), its target as a tagged union, and the capacity's stages as a set (default: every stage without
 * an outcome). Assumes the shape checkAssignment accepts; a definition it refuses never reaches the engine.
 * @example compileAssignment({ assignment, stages: def.stages, guard }).rules[0]?.target // → { type: 'user', user: 'u_lee' }
 */
export function compileAssignment(args: {
  assignment: Assignment;
  stages: readonly Stage[];
  guard: (expression: unknown, pointer: string) => Guard;
}): CompiledAssignment {
  const { assignment, guard } = args;
  const rules = assignment.rules.map((rule, i) => ({
    key: rule.key,
    name: rule.name,
    ...(rule.when !== undefined ? { when: guard(rule.when, `/assignment/rules/${i}/when`) } : {}),
    target: compileTarget(rule.target),
  }));
  const capacity = assignment.capacity;
  if (!capacity) return { rules };
  const stages = capacity.stages ?? args.stages.filter((stage) => stage.outcome === undefined).map((stage) => stage.key);
  return { rules, capacity: { max: capacity.max, stages: new Set(stages) } };
}

// The defaults below (an empty user, round robin, the sales role) only fill targets checkAssignment refuses: a
// definition with such a target never compiles, so no record is ever routed by them.
function compileTarget(target: AssignmentTarget): CompiledAssignmentTarget {
  if (target.user !== undefined || target.team === undefined) return { type: 'user', user: target.user ?? '' };
  return { type: 'team', team: compileTeam(target.team), strategy: target.strategy ?? 'round_robin', weights: { ...target.weights } };
}

function compileTeam(team: AssignmentTeam): CompiledTeam {
  if (team.manager !== undefined) return { manager: team.manager };
  if (team.users !== undefined) return { users: team.users };
  return { role: team.role ?? 'sales' };
}

import { ASSIGNMENT_STRATEGIES, escapePointer, type AssignmentRule, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

const TEAM_KINDS = ['manager', 'users', 'role'] as const;

/**
 * Checks the meaning of the assignment section (its shape is the schema's): each target names one user or one team,
 * a team has a strategy and a user none, weights go with weighted_round_robin and name the team's users, capacity
 * counts stages that exist and do not close records, and there is a pool for the records nobody can take.
 * Rule keys are checked with the other keys (checkDuplicateKeys); conditions with the guards.
 * @example checkAssignment(def) // → [{ code: 'compile.assignment_strategy', pointer: '/assignment/rules/0/target', message: 'assignment rule "sales" routes to a team but names no strategy; …' }]
 */
export function checkAssignment(definition: WorkflowDefinition): Diagnostic[] {
  const assignment = definition.assignment;
  if (!assignment) return [];
  const diagnostics = assignment.rules.flatMap((rule, i) => checkTarget(rule, `/assignment/rules/${i}/target`));
  diagnostics.push(...checkCapacityStages(definition));
  if (!definition.stages.some((stage) => stage.pool !== undefined)) {
    diagnostics.push(
      errorAt({
        code: 'compile.assignment_without_pool',
        pointer: '/assignment',
        message: 'assignment rules route records, and a record nobody can take goes to a pool, but no stage is a pool; add a pool stage (a stage with "pool")',
      }),
    );
  }
  return diagnostics;
}

/** One user or one team (of one kind), and the strategy and weights that go with it. */
function checkTarget(rule: AssignmentRule, pointer: string): Diagnostic[] {
  const { user, team, strategy, weights } = rule.target;
  const named = `assignment rule "${rule.key}"`;
  if (user !== undefined && team !== undefined) {
    return [errorAt({ code: 'compile.assignment_target', pointer, message: `${named} names both a user and a team; name one` })];
  }
  if (user === undefined && team === undefined) {
    return [
      errorAt({
        code: 'compile.assignment_target',
        pointer,
        message: `${named} names nobody to route to; give it a user ({ "user": "<id>" }) or a team with a strategy`,
      }),
    ];
  }
  if (user !== undefined) {
    if (strategy === undefined) return weights === undefined ? [] : [weightsWithout({ named, pointer, strategy: 'routes to one user' })];
    return [
      errorAt({
        code: 'compile.assignment_strategy',
        pointer: `${pointer}/strategy`,
        message: `${named} routes to one user, who takes every record: it has no strategy`,
      }),
    ];
  }
  const kinds = TEAM_KINDS.filter((kind) => team?.[kind] !== undefined);
  if (kinds.length !== 1) return [teamKinds({ named, pointer: `${pointer}/team`, kinds })];
  if (strategy === undefined) {
    return [
      errorAt({
        code: 'compile.assignment_strategy',
        pointer,
        message: `${named} routes to a team but names no strategy; one of ${ASSIGNMENT_STRATEGIES.join(', ')}`,
      }),
    ];
  }
  if (weights === undefined) return [];
  if (strategy !== 'weighted_round_robin') return [weightsWithout({ named, pointer, strategy: `uses ${strategy}` })];
  return unknownMembers({ named, pointer, weights, users: team?.users });
}

function teamKinds({ named, pointer, kinds }: { named: string; pointer: string; kinds: readonly string[] }): Diagnostic {
  return errorAt({
    code: 'compile.assignment_target',
    pointer,
    message:
      kinds.length === 0
        ? `the team of ${named} names nobody; give a manager (everyone below them), a list of users or a role`
        : `the team of ${named} is given by ${kinds.join(' and ')}; give exactly one of manager, users and role`,
  });
}

function weightsWithout({ named, pointer, strategy }: { named: string; pointer: string; strategy: string }): Diagnostic {
  return errorAt({
    code: 'compile.assignment_strategy',
    pointer: `${pointer}/weights`,
    message: `weights apply to weighted_round_robin only; ${named} ${strategy}`,
  });
}

/** Weights for people a team of listed users does not list (a team by manager or role cannot be checked here). */
function unknownMembers(args: { named: string; pointer: string; weights: Record<string, number>; users: readonly string[] | undefined }): Diagnostic[] {
  const users = args.users;
  if (!users) return [];
  return Object.keys(args.weights)
    .filter((id) => !users.includes(id))
    .map((id) =>
      errorAt({
        code: 'compile.unknown_member',
        pointer: `${args.pointer}/weights/${escapePointer(id)}`,
        message: `${args.named} weighs "${id}", who is not among its team's users: ${users.join(', ')}`,
      }),
    );
}

/** Capacity counts open records: in stages that exist and have no outcome. */
function checkCapacityStages(definition: WorkflowDefinition): Diagnostic[] {
  const stages = new Map(definition.stages.map((stage) => [stage.key, stage]));
  return (definition.assignment?.capacity?.stages ?? []).flatMap((key, j): Diagnostic[] => {
    const pointer = `/assignment/capacity/stages/${j}`;
    const stage = stages.get(key);
    if (!stage) {
      const known = definition.stages.map((s) => s.key).join(', ');
      return [
        errorAt({ code: 'compile.unknown_stage', pointer, message: `capacity counts records in stage "${key}" which does not exist; known stages: ${known}` }),
      ];
    }
    if (stage.outcome === undefined) return [];
    return [
      errorAt({
        code: 'compile.capacity_closing_stage',
        pointer,
        message: `capacity counts open records, but stage "${key}" closes them (outcome ${stage.outcome}); leave it out`,
      }),
    ];
  });
}

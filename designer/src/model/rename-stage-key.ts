import type { AssignmentRule, PoolSpec, Stage, Transition, WorkflowDefinition } from '@funnel/schemas';

/** The json-logic `var` that reads a record's stage key (engine/src/guard-data.ts). */
const STAGE_VAR = 'record.stage';
/** Operators that compare `record.stage` with a stage key, whose key operands are renamed with the stage. */
const COMPARISONS = new Set(['==', '===', '!=', '!==', 'in']);

/**
 * The definition with stage `from` renamed to `to` everywhere a stage key is named: the stage itself, the initial
 * stage, transitions' sources and targets, pipelines' entry stages, pool claims' target stage, assignment capacity's
 * stages, and every json-logic condition (stage and transition guards, rules, assignment rules, nurture cadences)
 * that compares `record.stage` with the old key. Nothing else changes; an unknown `from` or a taken `to` returns the
 * definition as it was (the caller says why).
 * @example renameStageKey({ definition, from: 'mql', to: 'marketing_qualified' }).transitions[0].from // → ['marketing_qualified']
 */
export function renameStageKey({ definition, from, to }: { definition: WorkflowDefinition; from: string; to: string }): WorkflowDefinition {
  const keys = definition.stages.map((stage) => stage.key);
  if (from === to || !keys.includes(from) || keys.includes(to)) return definition;
  const key = (ref: string) => (ref === from ? to : ref);
  const logic = (rule: unknown) => renameInLogic({ rule, from, to });
  const { pipelines, rules, assignment } = definition;
  return {
    ...definition,
    initialStage: key(definition.initialStage),
    ...(pipelines ? { pipelines: pipelines.map((pipeline) => ({ ...pipeline, entryStage: key(pipeline.entryStage) })) } : {}),
    stages: definition.stages.map((stage) => renameInStage({ stage: stage.key === from ? { ...stage, key: to } : stage, key, logic })),
    transitions: definition.transitions.map((transition) => renameInTransition({ transition, key, logic })),
    ...(rules ? { rules: rules.map((rule) => ({ ...rule, when: logic(rule.when) })) } : {}),
    ...(assignment
      ? {
          assignment: {
            ...assignment,
            rules: assignment.rules.map((rule): AssignmentRule => ('when' in rule ? { ...rule, when: logic(rule.when) } : rule)),
            ...(assignment.capacity
              ? { capacity: { ...assignment.capacity, ...(assignment.capacity.stages ? { stages: assignment.capacity.stages.map(key) } : {}) } }
              : {}),
          },
        }
      : {}),
  };
}

type Renamers = { key: (ref: string) => string; logic: (rule: unknown) => unknown };

function renameInStage({ stage, key, logic }: Renamers & { stage: Stage }): Stage {
  const renamed: Stage = stage.guard ? { ...stage, guard: { ...stage.guard, logic: logic(stage.guard.logic) } } : stage;
  return stage.pool ? { ...renamed, pool: renameInPool({ pool: stage.pool, key, logic }) } : renamed;
}

function renameInPool({ pool, key, logic }: Renamers & { pool: PoolSpec }): PoolSpec {
  return {
    ...pool,
    ...(pool.claim ? { claim: { ...pool.claim, ...(pool.claim.to ? { to: key(pool.claim.to) } : {}) } } : {}),
    ...(pool.nurture ? { nurture: pool.nurture.map((cadence) => ('when' in cadence ? { ...cadence, when: logic(cadence.when) } : cadence)) } : {}),
  };
}

function renameInTransition({ transition, key, logic }: Renamers & { transition: Transition }): Transition {
  const renamed = { ...transition, from: transition.from.map(key), to: key(transition.to) };
  return transition.guard ? { ...renamed, guard: { ...transition.guard, logic: logic(transition.guard.logic) } } : renamed;
}

/**
 * A json-logic rule with `from` renamed to `to` where it is compared with `record.stage` (as a string operand, or in
 * the list an `in` looks in); any other string, such as a field's value that happens to equal the key, is kept.
 * @example renameInLogic({ rule: { '==': [{ var: 'record.stage' }, 'mql'] }, from: 'mql', to: 'mql2' }) // → { '==': [{ var: 'record.stage' }, 'mql2'] }
 */
function renameInLogic({ rule, from, to }: { rule: unknown; from: string; to: string }): unknown {
  if (Array.isArray(rule)) return rule.map((item) => renameInLogic({ rule: item, from, to }));
  if (rule === null || typeof rule !== 'object') return rule;
  const entries = Object.entries(rule);
  const [operator, operands] = entries.length === 1 ? (entries[0] as [string, unknown]) : [undefined, undefined];
  if (operator !== undefined && COMPARISONS.has(operator) && Array.isArray(operands) && operands.some(readsStage)) {
    const key = (operand: unknown) => (operand === from ? to : operand);
    return { [operator]: operands.map((operand) => (Array.isArray(operand) ? operand.map(key) : key(operand))) };
  }
  return Object.fromEntries(entries.map(([name, value]) => [name, renameInLogic({ rule: value, from, to })]));
}

/** Whether an operand is `{ var: 'record.stage' }` (or `{ var: ['record.stage', fallback] }`). */
function readsStage(operand: unknown): boolean {
  if (operand === null || typeof operand !== 'object' || !('var' in operand)) return false;
  const name = (operand as { var: unknown }).var;
  return name === STAGE_VAR || (Array.isArray(name) && name[0] === STAGE_VAR);
}

import { escapePointer, type Diagnostic, type PoolSpec, type Rule, type Stage, type Transition, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';
import { RESERVED_FIELD_NAMES } from './guard-data';

/** A name used somewhere in a definition: where, the key it names, and how the message introduces it. */
interface Reference {
  pointer: string;
  key: string;
  what: string;
}

/** Checks of names against what the definition defines; each adds a diagnostic to `diagnostics` for a name that points nowhere. */
interface ReferenceChecks {
  diagnostics: Diagnostic[];
  definition: WorkflowDefinition;
  stage(reference: Reference): void;
  /** With `fromStage`, the transition must also start from that stage. */
  transition(reference: Reference & { fromStage?: string }): void;
  field(reference: Reference): void;
  hasStage(key: string): boolean;
}

/**
 * Finds names that point nowhere: stages, transitions and fields named by transitions, timers, rules,
 * pipelines, claims, cadences and stage guidance; timer and cadence transitions that do not leave their stage; rule reasons their
 * transition does not offer; reserved field names.
 * @example checkReferences(def) // → [{ pointer: '/transitions/0/to', message: 'transition "qualify" goes to stage "sq" which does not exist; known stages: lead, mql, sql' }]
 */
export function checkReferences(definition: WorkflowDefinition): Diagnostic[] {
  const check = referenceChecks(definition);
  check.stage({ pointer: '/initialStage', key: definition.initialStage, what: 'the initial stage is' });
  definition.pipelines?.forEach((p, i) =>
    check.stage({ pointer: `/pipelines/${i}/entryStage`, key: p.entryStage, what: `pipeline "${p.key}" starts at stage` }),
  );
  definition.transitions.forEach((t, i) => checkTransition({ check, t, i }));
  definition.rules?.forEach((r, i) => checkRule({ check, rule: r, i }));
  definition.stages.forEach((stage, i) => checkStage({ check, stage, i }));
  definition.fields.required?.forEach((f, j) => check.field({ pointer: `/fields/required/${j}`, key: f, what: 'the field schema requires field' }));
  check.diagnostics.push(...reservedFieldNames(definition));
  return check.diagnostics;
}

/** The checks for one definition, with its known stages, transitions and fields listed in every message. */
function referenceChecks(definition: WorkflowDefinition): ReferenceChecks {
  const diagnostics: Diagnostic[] = [];
  const stageKeys = definition.stages.map((s) => s.key);
  const stages = new Set(stageKeys);
  const transitions = new Map(definition.transitions.map((t) => [t.key, t]));
  const fields = new Set(Object.keys(definition.fields.properties));
  const knownStages = `known stages: ${stageKeys.join(', ')}`;
  const knownTransitions = `known transitions: ${[...transitions.keys()].join(', ') || '(none)'}`;
  const knownFields = `known fields: ${[...fields].join(', ') || '(none)'}`;
  return {
    diagnostics,
    definition,
    stage: ({ pointer, key, what }) => {
      if (!stages.has(key))
        diagnostics.push(errorAt({ code: 'compile.unknown_stage', pointer, message: `${what} "${key}" which does not exist; ${knownStages}` }));
    },
    transition: ({ pointer, key, what, fromStage }) => {
      const transition = transitions.get(key);
      if (!transition) {
        diagnostics.push(errorAt({ code: 'compile.unknown_transition', pointer, message: `${what} "${key}" which does not exist; ${knownTransitions}` }));
      } else if (fromStage !== undefined && !transition.from.includes(fromStage)) {
        diagnostics.push(
          errorAt({
            code: 'compile.transition_not_from_stage',
            pointer,
            message: `${what} "${key}", which does not start from stage "${fromStage}" (it starts from: ${transition.from.join(', ')})`,
          }),
        );
      }
    },
    field: ({ pointer, key, what }) => {
      if (!fields.has(key))
        diagnostics.push(errorAt({ code: 'compile.unknown_field', pointer, message: `${what} "${key}", which is not in the field schema; ${knownFields}` }));
    },
    hasStage: (key) => stages.has(key),
  };
}

/** The stages a transition starts from and goes to, its required fields and the fields its effects set. */
function checkTransition({ check, t, i }: { check: ReferenceChecks; t: Transition; i: number }): void {
  t.from.forEach((from, j) => check.stage({ pointer: `/transitions/${i}/from/${j}`, key: from, what: `transition "${t.key}" starts from stage` }));
  check.stage({ pointer: `/transitions/${i}/to`, key: t.to, what: `transition "${t.key}" goes to stage` });
  t.requiredFields?.forEach((f, j) => check.field({ pointer: `/transitions/${i}/requiredFields/${j}`, key: f, what: `transition "${t.key}" requires field` }));
  t.effects?.forEach((e, j) => {
    if (e.type === 'set_field') check.field({ pointer: `/transitions/${i}/effects/${j}/field`, key: e.field, what: `transition "${t.key}" sets field` });
  });
}

/** The transition a rule fires, and the reason it gives it, which must be one the transition offers. */
function checkRule({ check, rule, i }: { check: ReferenceChecks; rule: Rule; i: number }): void {
  check.transition({ pointer: `/rules/${i}/fire`, key: rule.fire, what: `rule "${rule.key}" fires transition` });
  const transition = check.definition.transitions.find((t) => t.key === rule.fire);
  if (rule.reason === undefined || !transition) return;
  const options = transition.reason?.options.map((o) => o.key) ?? [];
  if (options.includes(rule.reason)) return;
  const given = `rule "${rule.key}" gives transition "${transition.key}" the reason "${rule.reason}"`;
  check.diagnostics.push(
    errorAt({
      code: 'compile.unknown_reason',
      pointer: `/rules/${i}/reason`,
      message:
        options.length === 0
          ? `${given}, but "${transition.key}" takes no reason; add it to the transition's reasons or drop it`
          : `${given}, which it does not offer; its reasons: ${options.join(', ')}`,
    }),
  );
}

/** A stage's required fields, its guidance's key fields and the transitions its timers fire, then its pool's. */
function checkStage({ check, stage, i }: { check: ReferenceChecks; stage: Stage; i: number }): void {
  stage.requiredFields?.forEach((f, j) => check.field({ pointer: `/stages/${i}/requiredFields/${j}`, key: f, what: `stage "${stage.key}" requires field` }));
  stage.guidance?.keyFields?.forEach((f, j) =>
    check.field({ pointer: `/stages/${i}/guidance/keyFields/${j}`, key: f, what: `the guidance of stage "${stage.key}" names key field` }),
  );
  stage.timers?.forEach((timer, j) =>
    check.transition({
      pointer: `/stages/${i}/timers/${j}/action/transition`,
      key: timer.action.transition,
      what: `timer "${timer.key}" on stage "${stage.key}" fires transition`,
      fromStage: stage.key,
    }),
  );
  if (stage.pool) checkPool({ check, stage, pool: stage.pool, i });
}

/** The transitions a pool's nurture cadences fire, and the stage a claim moves the record to, which a transition must reach. */
function checkPool({ check, stage, pool, i }: { check: ReferenceChecks; stage: Stage; pool: PoolSpec; i: number }): void {
  pool.nurture?.forEach((cadence, j) => {
    if (cadence.fire !== undefined) {
      check.transition({
        pointer: `/stages/${i}/pool/nurture/${j}/fire`,
        key: cadence.fire,
        what: `nurture cadence "${cadence.key}" on stage "${stage.key}" fires transition`,
        fromStage: stage.key,
      });
    }
  });
  const to = pool.claim?.to;
  if (to === undefined) return;
  if (!check.hasStage(to))
    check.stage({ pointer: `/stages/${i}/pool/claim/to`, key: to, what: `a claim from pool stage "${stage.key}" moves the record to stage` });
  else if (!check.definition.transitions.some((t) => t.from.includes(stage.key) && t.to === to)) {
    check.diagnostics.push(
      errorAt({
        code: 'compile.claim_without_transition',
        pointer: `/stages/${i}/pool/claim/to`,
        message: `a claim from pool stage "${stage.key}" moves the record to "${to}", but no transition goes from "${stage.key}" to "${to}"; add one`,
      }),
    );
  }
}

/** Fields named like a guard's built-ins (`record`, `counters`, `pool`), which a guard could not read. */
function reservedFieldNames(definition: WorkflowDefinition): Diagnostic[] {
  const fields = new Set(Object.keys(definition.fields.properties));
  return RESERVED_FIELD_NAMES.filter((name) => fields.has(name)).map((name) =>
    errorAt({
      code: 'compile.reserved_field',
      pointer: `/fields/properties/${escapePointer(name)}`,
      message: `field name "${name}" is reserved (guards read ${name}.* as built-ins); rename the field`,
    }),
  );
}

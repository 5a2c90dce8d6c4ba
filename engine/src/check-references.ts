import { escapePointer, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';
import { RESERVED_FIELD_NAMES } from './guard-data';

/**
 * Finds names that point nowhere: stages, transitions and fields named by transitions, timers, rules,
 * pipelines, claims and cadences; timer and cadence transitions that do not leave their stage; reserved field names.
 * @example checkReferences(def) // → [{ pointer: '/transitions/0/to', message: 'transition "qualify" goes to stage "sq" which does not exist; known stages: lead, mql, sql' }]
 */
export function checkReferences(definition: WorkflowDefinition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const stageKeys = definition.stages.map((s) => s.key);
  const stages = new Set(stageKeys);
  const transitions = new Map(definition.transitions.map((t) => [t.key, t]));
  const fields = new Set(Object.keys(definition.fields.properties));
  const knownStages = `known stages: ${stageKeys.join(', ')}`;
  const knownTransitions = `known transitions: ${[...transitions.keys()].join(', ') || '(none)'}`;
  const knownFields = `known fields: ${[...fields].join(', ') || '(none)'}`;
  const stageRef = (pointer: string, key: string, what: string) => {
    if (!stages.has(key)) diagnostics.push(errorAt({ code: 'compile.unknown_stage', pointer, message: `${what} "${key}" which does not exist; ${knownStages}` }));
  };
  const transitionRef = (pointer: string, key: string, what: string, fromStage?: string) => {
    const transition = transitions.get(key);
    if (!transition) {
      diagnostics.push(errorAt({ code: 'compile.unknown_transition', pointer, message: `${what} "${key}" which does not exist; ${knownTransitions}` }));
    } else if (fromStage !== undefined && !transition.from.includes(fromStage)) {
      diagnostics.push(
        errorAt({ code: 'compile.transition_not_from_stage', pointer, message: `${what} "${key}", which does not start from stage "${fromStage}" (it starts from: ${transition.from.join(', ')})` }),
      );
    }
  };
  const fieldRef = (pointer: string, name: string, what: string) => {
    if (!fields.has(name)) diagnostics.push(errorAt({ code: 'compile.unknown_field', pointer, message: `${what} "${name}", which is not in the field schema; ${knownFields}` }));
  };

  stageRef('/initialStage', definition.initialStage, 'the initial stage is');
  definition.pipelines?.forEach((p, i) => stageRef(`/pipelines/${i}/entryStage`, p.entryStage, `pipeline "${p.key}" starts at stage`));
  definition.transitions.forEach((t, i) => {
    t.from.forEach((from, j) => stageRef(`/transitions/${i}/from/${j}`, from, `transition "${t.key}" starts from stage`));
    stageRef(`/transitions/${i}/to`, t.to, `transition "${t.key}" goes to stage`);
    t.requiredFields?.forEach((f, j) => fieldRef(`/transitions/${i}/requiredFields/${j}`, f, `transition "${t.key}" requires field`));
    t.effects?.forEach((e, j) => {
      if (e.type === 'set_field') fieldRef(`/transitions/${i}/effects/${j}/field`, e.field, `transition "${t.key}" sets field`);
    });
  });
  definition.rules?.forEach((r, i) => transitionRef(`/rules/${i}/fire`, r.fire, `rule "${r.key}" fires transition`));
  definition.stages.forEach((stage, i) => {
    stage.requiredFields?.forEach((f, j) => fieldRef(`/stages/${i}/requiredFields/${j}`, f, `stage "${stage.key}" requires field`));
    stage.timers?.forEach((timer, j) =>
      transitionRef(`/stages/${i}/timers/${j}/action/transition`, timer.action.transition, `timer "${timer.key}" on stage "${stage.key}" fires transition`, stage.key),
    );
    const pool = stage.pool;
    if (!pool) return;
    pool.nurture?.forEach((cadence, j) => {
      if (cadence.fire !== undefined) {
        transitionRef(`/stages/${i}/pool/nurture/${j}/fire`, cadence.fire, `nurture cadence "${cadence.key}" on stage "${stage.key}" fires transition`, stage.key);
      }
    });
    const to = pool.claim?.to;
    if (to === undefined) return;
    if (!stages.has(to)) stageRef(`/stages/${i}/pool/claim/to`, to, `a claim from pool stage "${stage.key}" moves the record to stage`);
    else if (!definition.transitions.some((t) => t.from.includes(stage.key) && t.to === to)) {
      diagnostics.push(
        errorAt({ code: 'compile.claim_without_transition', pointer: `/stages/${i}/pool/claim/to`, message: `a claim from pool stage "${stage.key}" moves the record to "${to}", but no transition goes from "${stage.key}" to "${to}"; add one` }),
      );
    }
  });
  definition.fields.required?.forEach((f, j) => fieldRef(`/fields/required/${j}`, f, 'the field schema requires field'));
  for (const name of RESERVED_FIELD_NAMES) {
    if (fields.has(name)) {
      diagnostics.push(
        errorAt({ code: 'compile.reserved_field', pointer: `/fields/properties/${escapePointer(name)}`, message: `field name "${name}" is reserved (guards read ${name}.* as built-ins); rename the field` }),
      );
    }
  }
  return diagnostics;
}

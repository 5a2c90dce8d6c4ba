import { escapePointer, type Diagnostic, type WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';
import { RESERVED_FIELD_NAMES } from './guard-data';

/** A name used somewhere in a definition: where, the key it names, and how the message introduces it. */
interface Reference {
  pointer: string;
  key: string;
  what: string;
}

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
  const stageRef = ({ pointer, key, what }: Reference) => {
    if (!stages.has(key))
      diagnostics.push(errorAt({ code: 'compile.unknown_stage', pointer, message: `${what} "${key}" which does not exist; ${knownStages}` }));
  };
  const transitionRef = ({ pointer, key, what, fromStage }: Reference & { fromStage?: string }) => {
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
  };
  const fieldRef = ({ pointer, key, what }: Reference) => {
    if (!fields.has(key))
      diagnostics.push(errorAt({ code: 'compile.unknown_field', pointer, message: `${what} "${key}", which is not in the field schema; ${knownFields}` }));
  };

  stageRef({ pointer: '/initialStage', key: definition.initialStage, what: 'the initial stage is' });
  definition.pipelines?.forEach((p, i) => stageRef({ pointer: `/pipelines/${i}/entryStage`, key: p.entryStage, what: `pipeline "${p.key}" starts at stage` }));
  definition.transitions.forEach((t, i) => {
    t.from.forEach((from, j) => stageRef({ pointer: `/transitions/${i}/from/${j}`, key: from, what: `transition "${t.key}" starts from stage` }));
    stageRef({ pointer: `/transitions/${i}/to`, key: t.to, what: `transition "${t.key}" goes to stage` });
    t.requiredFields?.forEach((f, j) => fieldRef({ pointer: `/transitions/${i}/requiredFields/${j}`, key: f, what: `transition "${t.key}" requires field` }));
    t.effects?.forEach((e, j) => {
      if (e.type === 'set_field') fieldRef({ pointer: `/transitions/${i}/effects/${j}/field`, key: e.field, what: `transition "${t.key}" sets field` });
    });
  });
  definition.rules?.forEach((r, i) => transitionRef({ pointer: `/rules/${i}/fire`, key: r.fire, what: `rule "${r.key}" fires transition` }));
  definition.stages.forEach((stage, i) => {
    stage.requiredFields?.forEach((f, j) => fieldRef({ pointer: `/stages/${i}/requiredFields/${j}`, key: f, what: `stage "${stage.key}" requires field` }));
    stage.timers?.forEach((timer, j) =>
      transitionRef({
        pointer: `/stages/${i}/timers/${j}/action/transition`,
        key: timer.action.transition,
        what: `timer "${timer.key}" on stage "${stage.key}" fires transition`,
        fromStage: stage.key,
      }),
    );
    const pool = stage.pool;
    if (!pool) return;
    pool.nurture?.forEach((cadence, j) => {
      if (cadence.fire !== undefined) {
        transitionRef({
          pointer: `/stages/${i}/pool/nurture/${j}/fire`,
          key: cadence.fire,
          what: `nurture cadence "${cadence.key}" on stage "${stage.key}" fires transition`,
          fromStage: stage.key,
        });
      }
    });
    const to = pool.claim?.to;
    if (to === undefined) return;
    if (!stages.has(to)) stageRef({ pointer: `/stages/${i}/pool/claim/to`, key: to, what: `a claim from pool stage "${stage.key}" moves the record to stage` });
    else if (!definition.transitions.some((t) => t.from.includes(stage.key) && t.to === to)) {
      diagnostics.push(
        errorAt({
          code: 'compile.claim_without_transition',
          pointer: `/stages/${i}/pool/claim/to`,
          message: `a claim from pool stage "${stage.key}" moves the record to "${to}", but no transition goes from "${stage.key}" to "${to}"; add one`,
        }),
      );
    }
  });
  definition.fields.required?.forEach((f, j) => fieldRef({ pointer: `/fields/required/${j}`, key: f, what: 'the field schema requires field' }));
  for (const name of RESERVED_FIELD_NAMES) {
    if (fields.has(name)) {
      diagnostics.push(
        errorAt({
          code: 'compile.reserved_field',
          pointer: `/fields/properties/${escapePointer(name)}`,
          message: `field name "${name}" is reserved (guards read ${name}.* as built-ins); rename the field`,
        }),
      );
    }
  }
  return diagnostics;
}

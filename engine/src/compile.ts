import { compileFieldsValidator, validateDefinition, type Diagnostic, type Stage, type Transition, type WorkflowDefinition } from '@funnel/schemas';
import { checkDuplicateKeys } from './check-duplicate-keys';
import { checkApprovals } from './check-approvals';
import { checkAssignment } from './check-assignment';
import { checkDurations } from './check-durations';
import { checkFieldPatterns } from './check-field-patterns';
import { checkProbabilities } from './check-probabilities';
import { checkReferences } from './check-references';
import { checkScoring } from './check-scoring';
import { checkStageGraph } from './check-stage-graph';
import { checkTimerWarnings } from './check-timer-warnings';
import { compileAssignment } from './compile-assignment';
import { compileDuration } from './compile-duration';
import { compileGuard } from './compile-guard';
import { compileScoring } from './compile-scoring';
import type {
  CompiledLogic,
  CompiledPool,
  CompiledRule,
  CompiledScoring,
  CompiledStage,
  CompiledTimer,
  CompiledTransition,
  CompiledWorkflow,
} from './compiled-workflow';
import { GUARD_BUILTINS } from './guard-data';
import { SUPERVISOR_ROLES } from './request-extension';

/** The result of `compile`: a workflow and its warnings, or every error (then warnings). */
export type CompileResult = { ok: true; workflow: CompiledWorkflow; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Checks a definition (schema, then meaning) and compiles it once: guards to closures, durations to milliseconds,
 * lookups by key. A definition with any error compiles to nothing. `published` is for a version already
 * published: checks added since it was published (field patterns RE2 cannot run) are then warnings, so its
 * records keep working, and what they protect is refused at run time instead.
 * @example compile(standardTrunk, { version: 3 }) // → { ok: true, workflow, diagnostics: [] }
 */
export function compile(definition: unknown, options: { version?: number; published?: boolean } = {}): CompileResult {
  const validation = validateDefinition(definition);
  if (!validation.ok) return { ok: false, diagnostics: validation.diagnostics };
  const def = validation.definition;
  // Every later step computes deadlines from the durations: one too long to be a date stops here.
  const durationErrors = checkDurations(def);
  if (durationErrors.length > 0) return { ok: false, diagnostics: durationErrors };
  const logic: CompiledLogic[] = [];
  const diagnostics = [
    ...checkDuplicateKeys(def),
    ...checkReferences(def),
    ...checkStageGraph(def),
    ...checkTimerWarnings(def),
    ...checkFieldPatterns({ definition: def, published: options.published === true }),
    ...checkAssignment(def),
    ...checkScoring(def),
    ...checkProbabilities(def),
    ...checkApprovals(def),
  ];
  const checkVar = varChecker(def);
  const guard = (expression: unknown, pointer: string) => {
    const compiled = compileGuard(expression, { pointer, checkVar });
    diagnostics.push(...compiled.diagnostics);
    logic.push({ pointer, logic: expression, evaluate: compiled.evaluate });
    return compiled.evaluate;
  };
  // Scoring first: every stage holds it, so that its guard and cadences see the score.
  const scoring = def.scoring ? compileScoring({ scoring: def.scoring, guard }) : undefined;
  const stages = def.stages.map((stage, i) => compileStage({ stage, pointer: `/stages/${i}`, guard, def, scoring }));
  const stageByKey = new Map(stages.map((s) => [s.key, s]));
  const transitions = def.transitions.map((t, i) => compileTransition({ transition: t, pointer: `/transitions/${i}`, stageByKey, guard }));
  const rules: CompiledRule[] = (def.rules ?? []).map((r, i) => ({
    key: r.key,
    fire: r.fire,
    when: guard(r.when, `/rules/${i}/when`),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
  }));
  const assignment = def.assignment ? compileAssignment({ assignment: def.assignment, stages: def.stages, guard }) : undefined;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (errors.length > 0) return { ok: false, diagnostics: [...errors, ...warnings] };
  const workflow = assemble({ def, version: options.version ?? 1, stages, transitions, rules, logic });
  if (assignment) workflow.assignment = assignment;
  if (scoring) workflow.scoring = scoring;
  return { ok: true, workflow, diagnostics: warnings };
}

type GuardCompiler = (expression: unknown, pointer: string) => CompiledLogic['evaluate'];

function compileStage(args: {
  stage: Stage;
  pointer: string;
  guard: GuardCompiler;
  def: WorkflowDefinition;
  scoring: CompiledScoring | undefined;
}): CompiledStage {
  const { stage, pointer, guard } = args;
  const timers: CompiledTimer[] = (stage.timers ?? []).map((timer) => ({
    key: timer.key,
    stage: stage.key,
    definition: timer,
    after: compileDuration(timer.after),
    from: timer.from ?? 'stage_entry',
    ...(timer.warnBefore ? { warnBefore: compileDuration(timer.warnBefore) } : {}),
    transition: timer.action.transition,
    ...(timer.extension
      ? {
          extension: {
            length: compileDuration(timer.extension.length),
            maxPerRecord: timer.extension.maxPerRecord,
            approverRoles: timer.extension.approverRoles,
            ...(timer.extension.maxOpenPerOwner !== undefined ? { maxOpenPerOwner: timer.extension.maxOpenPerOwner } : {}),
          },
        }
      : {}),
  }));
  return {
    key: stage.key,
    definition: stage,
    name: stage.name,
    phase: stage.phase,
    probability: stage.probability,
    forecastCategory: stage.forecastCategory,
    ...(stage.outcome ? { outcome: stage.outcome } : {}),
    terminal: stage.outcome !== undefined || stage.terminal === true,
    ...(stage.guard ? { guard: { evaluate: guard(stage.guard.logic, `${pointer}/guard/logic`), logic: stage.guard.logic, message: stage.guard.message } } : {}),
    timers,
    ...(stage.pool ? { pool: compilePool({ pool: stage.pool, pointer: `${pointer}/pool`, guard }) } : {}),
    probabilityFor: pipelineProbabilities({ stage, def: args.def }),
    keepsOverride: stage.outcome === undefined && (stage.probabilityOverride ?? args.def.probabilities?.override ?? 'reset') === 'keep',
    ...(stage.guidance ? { guidance: stage.guidance } : {}),
    ...(args.scoring ? { scoring: args.scoring } : {}),
  };
}

/** The stage's probability by pipeline: a pipeline's own where it sets one, else the stage's. */
function pipelineProbabilities({ stage, def }: { stage: Stage; def: WorkflowDefinition }): CompiledStage['probabilityFor'] {
  const own = new Map<string, number>();
  for (const pipeline of def.pipelines ?? []) {
    const probability = pipeline.probabilities?.[stage.key];
    if (probability !== undefined) own.set(pipeline.key, probability);
  }
  if (own.size === 0) return () => stage.probability;
  return (pipeline) => (pipeline === undefined ? undefined : own.get(pipeline)) ?? stage.probability;
}

function compilePool({ pool, pointer, guard }: { pool: NonNullable<Stage['pool']>; pointer: string; guard: GuardCompiler }): CompiledPool {
  const claim = pool.claim ?? {};
  return {
    kind: pool.kind,
    claim: {
      ...(claim.to !== undefined ? { to: claim.to } : {}),
      ...(claim.roles ? { roles: claim.roles } : {}),
      ...(claim.maxClaims !== undefined ? { maxClaims: claim.maxClaims } : {}),
      ...(claim.window ? { window: compileDuration(claim.window) } : {}),
      ...(claim.cooldown ? { cooldown: compileDuration(claim.cooldown) } : {}),
    },
    cadences: (pool.nurture ?? []).map((cadence, i) => ({
      key: cadence.key,
      every: compileDuration(cadence.every),
      ...(cadence.when !== undefined ? { when: guard(cadence.when, `${pointer}/nurture/${i}/when`) } : {}),
      ...(cadence.fire !== undefined ? { fire: cadence.fire } : {}),
    })),
    ...(pool.dormancy
      ? { dormancy: { afterTouchesWithoutResponse: pool.dormancy.afterTouchesWithoutResponse, every: compileDuration(pool.dormancy.every) } }
      : {}),
  };
}

function compileTransition({
  transition: t,
  pointer,
  stageByKey,
  guard,
}: {
  transition: Transition;
  pointer: string;
  stageByKey: ReadonlyMap<string, CompiledStage>;
  guard: GuardCompiler;
}): CompiledTransition {
  const target = stageByKey.get(t.to);
  const stageRequired = target?.definition.requiredFields ?? [];
  return {
    key: t.key,
    definition: t,
    name: t.name,
    from: new Set(t.from),
    to: t.to,
    ...(t.roles && t.roles.length > 0 ? { roles: t.roles } : {}),
    ...(t.guard ? { guard: { evaluate: guard(t.guard.logic, `${pointer}/guard/logic`), logic: t.guard.logic, message: t.guard.message } } : {}),
    ...(target?.guard ? { stageGuard: { evaluate: target.guard.evaluate, message: target.guard.message } } : {}),
    requiredFields: [...new Set([...(t.requiredFields ?? []), ...stageRequired])],
    ...(t.reason ? { reason: { required: t.reason.required, options: t.reason.options.map((o) => o.key) } } : {}),
    effects: t.effects ?? [],
    allowProbabilityOverride: t.allowProbabilityOverride === true,
    ...(t.approval ? { approval: { roles: t.approval.roles ?? [], ownerManager: t.approval.ownerManager === true } } : {}),
  };
}

function assemble(parts: {
  def: WorkflowDefinition;
  version: number;
  stages: CompiledStage[];
  transitions: CompiledTransition[];
  rules: CompiledRule[];
  logic: CompiledLogic[];
}): CompiledWorkflow {
  const { def, stages, transitions, rules } = parts;
  const stageByKey = new Map(stages.map((s) => [s.key, s]));
  const transitionByKey = new Map(transitions.map((t) => [t.key, t]));
  const from = new Map<string, CompiledTransition[]>(stages.map((s) => [s.key, []]));
  for (const t of transitions) for (const stage of t.from) from.get(stage)?.push(t);
  const rulesFrom = new Map<string, CompiledRule[]>(stages.map((s) => [s.key, []]));
  for (const rule of rules) {
    for (const stage of transitionByKey.get(rule.fire)?.from ?? []) rulesFrom.get(stage)?.push(rule);
  }
  const entries = new Map((def.pipelines ?? []).map((p) => [p.key, p.entryStage]));
  const none: readonly never[] = [];
  return {
    definition: def,
    key: def.key,
    version: parts.version,
    initialStage: def.initialStage,
    stages,
    stage: (key) => stageByKey.get(key),
    transition: (key) => transitionByKey.get(key),
    transitionsFrom: (stage) => from.get(stage) ?? none,
    rulesFrom: (stage) => rulesFrom.get(stage) ?? none,
    pipelineEntry: (pipeline) => entries.get(pipeline),
    validateFields: compileFieldsValidator(def.fields),
    validateFieldChanges: compileFieldsValidator(def.fields, { partial: true }),
    logic: parts.logic,
    probabilitySetRoles: def.probabilities?.setRoles ?? SUPERVISOR_ROLES,
  };
}

/** The `record.*` built-ins that hold the score, null unless the definition scores. */
const SCORE_BUILTINS: readonly string[] = ['score', 'fitScore', 'engagementScore'];

/** Warns about a guard `var` that names no field and no built-in (it would always read null). */
function varChecker(def: WorkflowDefinition): (path: string) => string | null {
  const fields = Object.keys(def.fields.properties);
  const known = new Set(fields);
  const builtins: Record<string, readonly string[]> = GUARD_BUILTINS;
  const listing = `fields: ${fields.join(', ') || '(none)'}; built-ins: counters.<name>, ${Object.entries(GUARD_BUILTINS)
    .flatMap(([prefix, names]) => names.map((n) => `${prefix}.${n}`))
    .join(', ')}`;
  return (path) => {
    const [head = '', second] = path.split('.');
    if (known.has(head) || head === 'counters') return null;
    if (head === 'record' && !def.scoring && SCORE_BUILTINS.includes(second ?? '')) {
      return `guard reads "${path}", which is always null: the definition has no "scoring" section`;
    }
    // Own properties only: `constructor` or `toString` is no built-in of a record.
    const names = Object.hasOwn(builtins, head) ? builtins[head] : undefined;
    if (names && (second === undefined || names.includes(second))) return null;
    return `guard reads "${path}", which is neither a field nor a built-in, so it is always null; ${listing}`;
  };
}

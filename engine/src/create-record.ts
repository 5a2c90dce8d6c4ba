import type { CompiledStage, CompiledWorkflow } from './compiled-workflow';
import { enterStage } from './enter-stage';
import { invalidFieldBlockers } from './invalid-field-blockers';
import { missingFieldBlockers } from './missing-field-blockers';
import type { Actor, Blocker, Decision, FunnelRecord, Instant } from './record';
import { releasePoolStage } from './release-pool-stage';
import { runRules } from './run-rules';
import { scoreRecord } from './score-record';
import { stageGuardBlockers } from './stage-guard-blockers';

/**
 * Creates a record in the pipeline's entry stage (or the initial stage): fields validated against the field schema
 * (every problem an `invalid_field` blocker with its pointer), against the stage's required fields (each one
 * lacking a `missing_field` blocker, as a transition into the stage reports it) and its guard (a `guard` blocker with
 * the stage's message), timers armed, rules run. The
 * owner is the actor unless given (the system owns nothing).
 * With `pool` (routing found nobody to take it) the record is checked as above but created straight into the pool
 * its entry stage releases to (releasePoolStage), unowned, with `pool.reason`; `not_found stage` without a pool.
 * @example createRecord({ workflow, id: 'r1', fields: { name: 'Ann' }, actor, now }) // → { type: 'applied', record: { stage: 'lead', … } }
 */
export function createRecord(args: {
  workflow: CompiledWorkflow;
  id: string;
  fields: Record<string, unknown>;
  actor: Actor;
  now: Instant;
  pipeline?: string;
  owner?: string | null;
  pool?: { reason: string };
}): Decision {
  const { workflow, actor, now, pipeline } = args;
  const entry = pipeline === undefined ? workflow.initialStage : workflow.pipelineEntry(pipeline);
  if (entry === undefined) return { type: 'not_found', what: 'pipeline', key: pipeline ?? '' };
  const entryStage = workflow.stage(entry);
  if (!entryStage) return { type: 'not_found', what: 'stage', key: entry };
  const stage = args.pool ? releasePoolStage(workflow, entry) : entryStage;
  if (!stage) return { type: 'not_found', what: 'stage', key: 'pool' };
  const owner = args.pool ? null : args.owner !== undefined ? args.owner : actor.system ? null : actor.id;
  const base = newRecord({ workflow, id: args.id, stage, fields: args.fields, owner, now, pipeline });
  // Created into the pool, the record is still checked as a record of its entry stage (and of the pool stage).
  const stages = stage === entryStage ? [stage] : [entryStage, stage];
  const required = [...new Set(stages.flatMap((s) => s.definition.requiredFields ?? []))];
  const blockers: Blocker[] = [
    ...invalidFieldBlockers(workflow.validateFields(args.fields)),
    ...missingFieldBlockers({ required, fields: args.fields }),
    ...stages.flatMap((s) => stageGuardBlockers({ stage: s, record: base, now })),
  ];
  if (blockers.length > 0) return { type: 'refused', blockers };
  const record = enterStage({ record: base, stage, now, reason: args.pool?.reason, previousOwner: null });
  const score = scoreRecord({ workflow, record, now });
  const change = {
    record,
    events: [
      {
        type: 'record_created' as const,
        at: now,
        actor: actor.id,
        recordId: record.id,
        stage: stage.key,
        ...(pipeline !== undefined ? { pipeline } : {}),
        ...(score ? { score: score.score } : {}),
      },
    ],
    effects: [],
  };
  return { type: 'applied', ...runRules({ workflow, change, now }) };
}

/** A new record as it is about to enter `stage` (before its timers and pool state). */
function newRecord(args: {
  workflow: CompiledWorkflow;
  id: string;
  stage: CompiledStage;
  fields: Record<string, unknown>;
  owner: string | null;
  now: Instant;
  pipeline: string | undefined;
}): FunnelRecord {
  const { workflow, stage, now, pipeline } = args;
  return {
    id: args.id,
    workflowKey: workflow.key,
    workflowVersion: workflow.version,
    ...(pipeline !== undefined ? { pipeline } : {}),
    stage: stage.key,
    phase: stage.phase,
    forecastCategory: stage.forecastCategory,
    probability: stage.probability,
    owner: args.owner,
    fields: { ...args.fields },
    counters: {},
    createdAt: now,
    stageEnteredAt: now,
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
  };
}

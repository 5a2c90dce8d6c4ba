import {
  applyTransition,
  availableTransitions,
  changedContactKeys,
  claimRecord,
  contactKeyLookups,
  contactKeys,
  compile,
  createRecord,
  decideExtension,
  fireDueTimers,
  logActivity,
  migrateRecord,
  planMigration,
  releaseRecord,
  requestExtension,
  updateFields,
  type Actor,
  type CompiledWorkflow,
  type FunnelRecord,
  type Instant,
} from '../src';
import { resolveDefinition, type DefinitionRef, type SuiteAction } from './suite-case';

/** What a step needs: the workflow, the record so far, who acts and when. */
export interface StepContext {
  workflow: CompiledWorkflow;
  record: FunnelRecord | undefined;
  actor: Actor;
  now: Instant;
}

function compiled(ref: DefinitionRef, version: number): CompiledWorkflow {
  const result = compile(resolveDefinition(ref), { version });
  if (!result.ok) throw new Error(`definition does not compile: ${JSON.stringify(result.diagnostics)}`);
  return result.workflow;
}

function need(record: FunnelRecord | undefined): FunnelRecord {
  if (!record) throw new Error('this action needs a record');
  return record;
}

/**
 * Runs one suite action (not `compile`, not `sequence`) through the engine's public functions.
 * @example runSuiteAction({ type: 'apply', transition: 'qualify' }, context) // → { type: 'applied', record, events, effects }
 */
export function runSuiteAction(action: Exclude<SuiteAction, { type: 'compile' } | { type: 'sequence' }>, context: StepContext): unknown {
  const { workflow, actor, now } = context;
  switch (action.type) {
    case 'create':
      return createRecord({
        workflow,
        id: action.id ?? 'r1',
        fields: action.fields,
        actor,
        now,
        ...(action.pipeline !== undefined ? { pipeline: action.pipeline } : {}),
        ...(action.owner !== undefined ? { owner: action.owner } : {}),
      });
    case 'available':
      return availableTransitions({ workflow, record: need(context.record), actor, now, ...(action.input ? { input: action.input } : {}) });
    case 'apply':
      return applyTransition({
        workflow,
        record: need(context.record),
        transition: action.transition,
        actor,
        now,
        ...(action.input ? { input: action.input } : {}),
      });
    case 'update':
      return updateFields({ workflow, record: need(context.record), fields: action.fields, actor, now });
    case 'activity':
      return logActivity({ workflow, record: need(context.record), activity: action.activity, actor, now });
    case 'fire_due':
      return fireDueTimers({ workflow, record: need(context.record), now });
    case 'request_extension':
      return requestExtension({ workflow, record: need(context.record), timer: action.timer, actor, now, ownerExtendedRecords: action.ownerExtendedRecords });
    case 'decide_extension':
      return decideExtension({
        workflow,
        record: need(context.record),
        timer: action.timer,
        actor,
        approve: action.approve,
        now,
        ownerExtendedRecords: action.ownerExtendedRecords,
      });
    case 'claim':
      return claimRecord({ workflow, record: need(context.record), actor, now, recentClaims: action.recentClaims.map((at) => Date.parse(at)) });
    case 'contact_keys':
      return contactKeys(workflow.definition, action.fields);
    case 'contact_key_lookups':
      return contactKeyLookups({ definition: workflow.definition, fields: action.fields, earlierRules: action.earlierRules });
    case 'changed_contact_keys': {
      const before = need(context.record);
      return { keys: changedContactKeys(workflow.definition, before, { ...before, fields: { ...before.fields, ...action.fields } }) ?? null };
    }
    case 'release':
      return releaseRecord({ workflow, record: need(context.record), actor, now, ...(action.reason !== undefined ? { reason: action.reason } : {}) });
    case 'plan_migration':
      return planMigration({
        from: workflow,
        to: compiled(action.to, workflow.version + 1),
        stageMap: action.stageMap,
        ...(action.renamed ? { renamed: action.renamed } : {}),
        ...(action.stageCounts ? { stageCounts: action.stageCounts } : {}),
      });
    case 'migrate': {
      const to = compiled(action.to, workflow.version + 1);
      const plan = planMigration({ from: workflow, to, stageMap: action.stageMap, ...(action.renamed ? { renamed: action.renamed } : {}) });
      return migrateRecord({ plan, to, record: need(context.record), actor, now });
    }
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

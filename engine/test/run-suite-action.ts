import {
  availableTransitions,
  changedContactKeys,
  contactKeyLookups,
  contactKeys,
  compile,
  decide,
  planMigration,
  approvalRequests,
  mayDecideApproval,
  scoreRecord,
  stageGuidance,
  type Actor,
  type Decision,
  type RecordCommand,
  type CompiledWorkflow,
  type FunnelRecord,
  type Instant,
} from '../src';
import { runAssignmentAction } from './run-assignment-action';
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

/** The engine's decision on the record so far (every record command goes through `decide`, as the api's do). */
function onRecord(context: StepContext, command: RecordCommand): Decision {
  return decide({ workflow: context.workflow, record: need(context.record), now: context.now, command });
}

/** The named keys of `action` that are set (an absent optional stays absent). */
function optional<A extends object, K extends keyof A>(action: A, ...keys: K[]): Partial<Pick<A, K>> {
  const picked: Partial<Pick<A, K>> = {};
  for (const key of keys) if (action[key] !== undefined) picked[key] = action[key];
  return picked;
}

/**
 * Runs one suite action (not `compile`, not `sequence`) through the engine's public functions (record commands through `decide`).
 * @example runSuiteAction({ type: 'apply', transition: 'qualify' }, context) // → { type: 'applied', record, events, effects }
 */
export function runSuiteAction(action: Exclude<SuiteAction, { type: 'compile' } | { type: 'sequence' }>, context: StepContext): unknown {
  const { workflow, actor, now } = context;
  switch (action.type) {
    case 'create':
      return decide({
        workflow,
        now,
        command: { type: 'create', id: action.id ?? 'r1', fields: action.fields, actor, ...optional(action, 'pipeline', 'owner', 'pool') },
      });
    case 'available':
      return availableTransitions({ workflow, record: need(context.record), actor, now, ...(action.input ? { input: action.input } : {}) });
    case 'apply':
      return onRecord(context, { type: 'transition', transition: action.transition, actor, ...(action.input ? { input: action.input } : {}) });
    case 'update':
      return onRecord(context, { type: 'update_fields', fields: action.fields, actor });
    case 'activity':
      return onRecord(context, { type: 'log_activity', activity: action.activity, actor });
    case 'fire_due':
      return onRecord(context, { type: 'fire_due_timers' });
    case 'request_extension':
      return onRecord(context, { type: 'request_extension', timer: action.timer, actor, ownerExtendedRecords: action.ownerExtendedRecords });
    case 'decide_extension':
      return onRecord(context, {
        type: 'decide_extension',
        timer: action.timer,
        approve: action.approve,
        actor,
        ownerExtendedRecords: action.ownerExtendedRecords,
      });
    case 'claim':
      return onRecord(context, { type: 'claim', actor, recentClaims: action.recentClaims.map((at) => Date.parse(at)) });
    case 'contact_keys':
      return contactKeys(workflow.definition, action.fields);
    case 'contact_key_lookups':
      return contactKeyLookups({ definition: workflow.definition, fields: action.fields, earlierRules: action.earlierRules });
    case 'changed_contact_keys': {
      const before = need(context.record);
      return { keys: changedContactKeys(workflow.definition, before, { ...before, fields: { ...before.fields, ...action.fields } }) ?? null };
    }
    case 'release':
      return onRecord(context, { type: 'release', actor, ...optional(action, 'reason') });
    case 'assign':
      return onRecord(context, { type: 'assign', to: action.to, actor, ...optional(action, 'by', 'reason') });
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
      return decide({ workflow: to, record: need(context.record), now, command: { type: 'migrate', plan, actor } });
    }
    case 'score':
      return { score: scoreRecord({ workflow, record: need(context.record), now }) };
    case 'approval_requests':
      return {
        requests: approvalRequests({ workflow, record: need(context.record) }).map((request) => ({
          ...request,
          mayDecide: mayDecideApproval({ request, actor, actorManagesOwner: action.actorManagesOwner ?? false }),
        })),
      };
    case 'refresh':
      return onRecord(context, { type: 'refresh' });
    case 'guidance':
      return { guidance: stageGuidance({ workflow, record: need(context.record) }) };
    case 'set_follow_up':
      return onRecord(context, { type: 'set_follow_up', at: action.at as unknown as Instant | null, actor, ...optional(action, 'note') });
    case 'set_probability':
      return onRecord(context, { type: 'set_probability', probability: action.probability, reason: action.reason, actor });
    case 'request_approval':
      return onRecord(context, {
        type: 'request_approval',
        subject: action.subject,
        actor,
        ownerExtendedRecords: action.ownerExtendedRecords ?? 0,
        ...optional(action, 'input', 'note'),
      });
    case 'decide_approval':
      return onRecord(context, {
        type: 'decide_approval',
        subject: action.subject,
        approve: action.approve,
        actor,
        ownerExtendedRecords: action.ownerExtendedRecords ?? 0,
        actorManagesOwner: action.actorManagesOwner ?? false,
        ...optional(action, 'reason'),
      });
    case 'route':
    case 'assignment_order':
    case 'assignment_sweep':
    case 'counts_for_capacity':
      return runAssignmentAction(action, context);
    default: {
      const never: never = action;
      throw new Error(`unknown action ${JSON.stringify(never)}`);
    }
  }
}

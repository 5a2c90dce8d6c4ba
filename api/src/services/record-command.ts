import { changedContactKeys, decide, type Blocker, type Decision, type FunnelRecord, type Instant, type RecordCommand } from '@funnel/engine';
import type { Actor } from '@funnel/engine';
import { GuardRejectedError, LimitReachedError, NotFoundError, ValidationFailedError, VersionConflictError } from '../errors';
import { fieldDiagnostics } from './field-diagnostics';
import { once } from './idempotency';
import { ownerLeaseTiming, withOwnerLease } from './owner-lease';
import type { Services } from './services';
import { storedScore } from './stored-score';
import { teamBelow } from './team';

/** Claim times kept per claimer; more than any sane claim limit per window. */
const CLAIM_HISTORY = 1_000;

/**
 * The typed error for an engine refusal: LimitReached when a limit is the only blocker, else GuardRejected
 * listing every blocker.
 */
function refusalError(blockers: Blocker[]): Error {
  const [first] = blockers;
  if (blockers.length === 1 && first?.type === 'limit_reached') return new LimitReachedError({ limit: first.limit, max: first.max, current: first.current });
  return new GuardRejectedError(blockers);
}

/** The input that names what the engine did not find; a record's own stage missing from its version is named by none. */
const NAMED_BY_INPUT: Record<Extract<Decision, { type: 'not_found' }>['what'], string | undefined> = {
  transition: '/transition',
  timer: '/timer',
  pipeline: '/pipeline',
  stage: undefined,
};

/** What the engine said, as the new record or a thrown typed refusal. */
export function appliedOrThrow(decision: Decision): Extract<Decision, { type: 'applied' }> {
  switch (decision.type) {
    case 'applied':
      return decision;
    case 'refused':
      throw refusalError(decision.blockers);
    case 'not_found':
      throw new NotFoundError({ what: decision.what, id: decision.key, ...(NAMED_BY_INPUT[decision.what] ? { pointer: NAMED_BY_INPUT[decision.what] } : {}) });
    default: {
      const unreachable: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The api's one loop for an existing record: load it (at the version the caller expects), ask the engine
 * (`decide`), and commit the decision at the version it was computed from through the record store. Refusals,
 * a stale `expectedVersion` and a lost race come back as typed errors; nothing is written then.
 * @example await runRecordCommand({ services, tenantId, id, expectedVersion: 2, command: { type: 'transition', transition: 'qualify', actor } })
 */
export async function runRecordCommand(input: {
  services: Services;
  tenantId: string;
  id: string;
  expectedVersion?: number | null;
  command: RecordCommand;
}): Promise<{ record: FunnelRecord; at: Instant }> {
  const { services, tenantId, id } = input;
  const record = await services.records.find(tenantId, id, input.expectedVersion);
  if (!record) throw new NotFoundError({ what: 'record', id, pointer: '/id' });
  if (input.expectedVersion != null && input.expectedVersion !== record.version) {
    throw new VersionConflictError({ recordId: id, expectedVersion: input.expectedVersion, currentVersion: record.version });
  }
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  const now = await services.clock.now(tenantId);
  const decision = appliedOrThrow(decide({ workflow, record, now, command: input.command }));
  // The engine gave the record back as it was (an assignment to its owner): there is nothing to write.
  if (decision.record === record) return { record, at: now };
  const contact = changedContactKeys(workflow.definition, record, decision.record);
  const score = storedScore({ workflow, record: decision.record, now });
  if (!(await services.records.update({ tenantId, before: record, change: decision, contact, score }))) {
    const current = await services.records.find(tenantId, id);
    throw new VersionConflictError({
      recordId: id,
      expectedVersion: input.expectedVersion ?? record.version,
      currentVersion: current?.version ?? record.version,
    });
  }
  return { record: decision.record, at: now };
}

/** What every record mutation's input carries besides its own fields. */
export interface RecordMutationRequest {
  id: string | number;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

/** Facts the api reads for the engine under a lease (see `RecordCommand`): a caller asks without them. */
type FactKeys = 'recentClaims' | 'ownerExtendedRecords' | 'actorManagesOwner';
type WithoutFacts<C> = C extends unknown ? Omit<C, Extract<keyof C, FactKeys>> : never;

/** A command as a request asks it: the facts the engine needs besides the record are read here. */
export type RequestedCommand = WithoutFacts<RecordCommand>;

/**
 * A request's command on one record, under its idempotency key (a retry with the same key returns the first
 * result and applies nothing twice), with the facts its kind needs read under the lease that keeps them true
 * until the commit: a claim holds the claimer's lease (its claims in the window), an extension or approval request
 * or decision the owner's (the owner's other extended records, and for a decision whether the actor manages the owner). An update refused only for its fields is
 * ValidationFailed with their pointers, as a create is.
 * @example await commandRecord({ services, tenantId, operation: 'transitionRecord', request: input, command: { type: 'transition', transition: 'qualify', actor } })
 */
export function commandRecord(input: {
  services: Services;
  tenantId: string;
  operation: string;
  request: RecordMutationRequest;
  command: RequestedCommand;
}): Promise<FunnelRecord> {
  const { services, tenantId, request } = input;
  const target = { services, tenantId, id: String(request.id), expectedVersion: request.expectedVersion };
  const run = async (): Promise<FunnelRecord> => {
    const command = input.command;
    switch (command.type) {
      case 'claim':
        return claim({ ...target, actor: command.actor });
      case 'request_extension':
      case 'decide_extension':
      case 'request_approval':
      case 'decide_approval':
        return underOwnerLease({ ...target, command });
      case 'update_fields':
        return withFieldErrors(async () => (await runRecordCommand({ ...target, command })).record);
      default:
        return (await runRecordCommand({ ...target, command })).record;
    }
  };
  return once({
    models: services.models,
    tenantId,
    key: request.idempotencyKey,
    operation: input.operation,
    timing: services.config,
    fn: run,
  });
}

type Target = { services: Services; tenantId: string; id: string; expectedVersion?: number | null | undefined };

/**
 * A claim under the claimer's lease: the claims it made in the window are counted and this one recorded at the
 * instant the engine decided it (the one its window was counted from), without a race between processes.
 */
function claim(input: Target & { actor: Actor }): Promise<FunnelRecord> {
  const { services, tenantId, actor } = input;
  return withOwnerLease({
    models: services.models,
    tenantId,
    key: `claims:${actor.id}`,
    what: 'your claims (another claim of yours is running)',
    timing: ownerLeaseTiming(services.config),
    fn: async (lease) => {
      const { record, at } = await runRecordCommand({ ...input, command: { type: 'claim', actor, recentClaims: lease.claims } });
      await services.models.OwnerLease.updateOne({ tenantId, key: lease.key }, { $push: { claims: { $each: [at], $slice: -CLAIM_HISTORY } } });
      return record;
    },
  });
}

/** The commands that read the owner's facts under the owner's lease. */
type OwnerLeaseCommand = WithoutFacts<Extract<RecordCommand, { type: 'request_extension' | 'decide_extension' | 'request_approval' | 'decide_approval' }>>;

/**
 * An extension or approval request or decision under the owner's lease, with the count of the owner's OTHER extended
 * records, so "at most N extended records per owner" holds however many requests race (an approval of an extension
 * is one), and for a decision whether the actor manages the owner (directly or above: teamBelow).
 */
async function underOwnerLease(input: Target & { command: OwnerLeaseCommand }): Promise<FunnelRecord> {
  const { services, tenantId, id } = input;
  const current = await services.records.find(tenantId, id);
  if (!current) throw new NotFoundError({ what: 'record', id, pointer: '/id' });
  const owner = current.owner ?? '';
  return withOwnerLease({
    models: services.models,
    tenantId,
    key: `extensions:${owner}`,
    what: "the extensions of the record's owner",
    timing: ownerLeaseTiming(services.config),
    fn: async () => {
      const ownerExtendedRecords = current.owner ? await services.records.countExtended({ tenantId, owner: current.owner, except: id }) : 0;
      const command = input.command;
      if (command.type !== 'decide_approval') return (await runRecordCommand({ ...input, command: { ...command, ownerExtendedRecords } })).record;
      const actorManagesOwner =
        current.owner !== null && (await teamBelow({ models: services.models, tenantId, managerId: command.actor.id })).includes(current.owner);
      return (await runRecordCommand({ ...input, command: { ...command, ownerExtendedRecords, actorManagesOwner } })).record;
    },
  });
}

/**
 * A GuardRejected whose blockers are all about fields (invalid, or a required one cleared) becomes
 * ValidationFailed with pointers, as createRecord answers them.
 */
async function withFieldErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GuardRejectedError) {
      const diagnostics = fieldDiagnostics(error.blockers);
      if (diagnostics) throw new ValidationFailedError(diagnostics);
    }
    throw error;
  }
}

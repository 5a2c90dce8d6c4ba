import { changedContactKeys, type Blocker, type CompiledWorkflow, type Decision, type FunnelRecord } from '@funnel/engine';
import { GuardRejectedError, LimitReachedError, NotFoundError, VersionConflictError } from '../errors';
import { once } from './idempotency';
import type { Services } from './services';

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
 * Loads a record, asks the engine, and writes the change at the version it was computed from.
 * Refusals, a stale `expectedVersion` and a lost race come back as typed errors; nothing is written then.
 * @example await mutateRecord({ services, tenantId, id, expectedVersion: 2, decide: ({ workflow, record, now }) => applyTransition(…) })
 */
export async function mutateRecord(input: {
  services: Services;
  tenantId: string;
  id: string;
  expectedVersion?: number | null;
  decide: (args: { workflow: CompiledWorkflow; record: FunnelRecord; now: number }) => Decision | Promise<Decision>;
}): Promise<FunnelRecord> {
  const { services, tenantId, id } = input;
  const record = await services.records.find(tenantId, id, input.expectedVersion);
  if (!record) throw new NotFoundError({ what: 'record', id, pointer: '/id' });
  if (input.expectedVersion != null && input.expectedVersion !== record.version) {
    throw new VersionConflictError({ recordId: id, expectedVersion: input.expectedVersion, currentVersion: record.version });
  }
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  const decision = appliedOrThrow(await input.decide({ workflow, record, now: await services.clock.now(tenantId) }));
  const contact = changedContactKeys(workflow.definition, record, decision.record);
  const applied = await services.records.update({ tenantId, before: record, change: decision, contact });
  if (!applied) {
    const current = await services.records.find(tenantId, id);
    throw new VersionConflictError({
      recordId: id,
      expectedVersion: input.expectedVersion ?? record.version,
      currentVersion: current?.version ?? record.version,
    });
  }
  return decision.record;
}

/** What every record mutation's input carries besides its own fields. */
export interface RecordMutationRequest {
  id: string | number;
  expectedVersion?: number | null;
  idempotencyKey?: string | null;
}

/**
 * `mutateRecord` under the request's idempotency key: the shape the record mutations share
 * (a retry with the same key returns the first result and applies nothing twice).
 * @example await mutateRecordOnce({ services, tenantId, operation: 'logActivity', request: input, decide })
 */
export function mutateRecordOnce(input: {
  services: Services;
  tenantId: string;
  operation: string;
  request: RecordMutationRequest;
  decide: Parameters<typeof mutateRecord>[0]['decide'];
}): Promise<FunnelRecord> {
  const { services, tenantId, request, decide } = input;
  return once({
    models: services.models,
    tenantId,
    key: request.idempotencyKey,
    operation: input.operation,
    fn: () => mutateRecord({ services, tenantId, id: String(request.id), expectedVersion: request.expectedVersion, decide }),
  });
}

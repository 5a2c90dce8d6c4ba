import { contactKeys, decide, type Actor, type FunnelRecord } from '@funnel/engine';
import { NotFoundError, ValidationFailedError } from '../errors';
import { fieldDiagnostics } from './field-diagnostics';
import { once } from './idempotency';
import { appliedOrThrow } from './record-command';
import { newId } from './create-tenant';
import type { Services } from './services';

/**
 * Creates a record on the latest published version of a workflow: fields validated, entry stage
 * entered, timers armed, rules run; the record and its events are written in one insert.
 * @example await createRecord({ services, tenantId, actor, workflowKey: 'standard_trunk', fields: { name: 'Ann' } })
 */
export async function createRecord(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  workflowKey: string;
  fields: Record<string, unknown>;
  pipeline?: string | null;
  owner?: string | null;
}): Promise<FunnelRecord> {
  const { services, tenantId } = input;
  // An owner is a user of this tenant: another tenant's id, or none at all, is never stored.
  if (input.owner && !(await services.models.User.exists({ tenantId, _id: input.owner }))) {
    throw new NotFoundError({ what: 'user', id: input.owner, pointer: '/owner' });
  }
  const workflow = await services.workflows.latest({ tenantId, key: input.workflowKey });
  const decision = decide({
    workflow,
    now: await services.clock.now(tenantId),
    command: {
      type: 'create',
      id: newId(),
      fields: input.fields,
      actor: input.actor,
      ...(input.pipeline ? { pipeline: input.pipeline } : {}),
      ...(input.owner !== undefined ? { owner: input.owner } : {}),
    },
  });
  if (decision.type === 'refused') {
    const diagnostics = fieldDiagnostics(decision.blockers);
    if (diagnostics) throw new ValidationFailedError(diagnostics);
  }
  const change = appliedOrThrow(decision);
  await services.records.insert({ tenantId, change, contact: contactKeys(workflow.definition, change.record.fields) });
  return change.record;
}

/**
 * `createRecord` under the request's idempotency key: a retry with the same key returns the first record and
 * creates nothing.
 * @example await createRecordOnce({ services, tenantId, actor, workflowKey: 'standard_trunk', fields, idempotencyKey: 'k1' })
 */
export function createRecordOnce(input: Parameters<typeof createRecord>[0] & { idempotencyKey?: string | null | undefined }): Promise<FunnelRecord> {
  const { idempotencyKey, ...create } = input;
  return once({ models: input.services.models, tenantId: input.tenantId, key: idempotencyKey, operation: 'createRecord', fn: () => createRecord(create) });
}

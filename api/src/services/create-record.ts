import { contactKeys, createRecord as decideCreate, type Actor, type Blocker, type FunnelRecord } from '@funnel/engine';
import type { Diagnostic } from '@funnel/schemas';
import { NotFoundError, ValidationFailedError } from '../errors';
import { appliedOrThrow } from './record-mutation';
import { newId } from './create-tenant';
import type { Services } from './services';

/** Field blockers as diagnostics (the caller's input was wrong), or null when other blockers exist. */
export function fieldDiagnostics(blockers: Blocker[]): Diagnostic[] | null {
  const diagnostics: Diagnostic[] = [];
  for (const blocker of blockers) {
    if (blocker.type === 'invalid_field') diagnostics.push({ severity: 'error', code: blocker.code, pointer: blocker.pointer, message: blocker.message });
    else if (blocker.type === 'missing_field')
      diagnostics.push({ severity: 'error', code: 'missing_field', pointer: blocker.pointer, message: `"${blocker.field}" is required` });
    else return null;
  }
  return diagnostics;
}

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
  const decision = decideCreate({
    workflow,
    id: newId(),
    fields: input.fields,
    actor: input.actor,
    now: await services.clock.now(tenantId),
    ...(input.pipeline ? { pipeline: input.pipeline } : {}),
    ...(input.owner !== undefined ? { owner: input.owner } : {}),
  });
  if (decision.type === 'refused') {
    const diagnostics = fieldDiagnostics(decision.blockers);
    if (diagnostics) throw new ValidationFailedError(diagnostics);
  }
  const change = appliedOrThrow(decision);
  await services.records.insert({ tenantId, change, contact: contactKeys(workflow.definition, change.record.fields) });
  return change.record;
}

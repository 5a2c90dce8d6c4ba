import type { CompiledWorkflow, FunnelRecord } from '@funnel/engine';
import { contactKeys } from './contact-keys';
import type { Services } from './services';

/**
 * Keeps a record's stored contact keys (the import's duplicate detection) in step with a change that
 * altered its email, phone or company. The keys are set by a second write after the record's own: they
 * are not part of the engine's record, and the record's write path sets only what the engine changed.
 * Each set carries the record version it was computed at and applies only over older keys, so two
 * racing changes leave the newer keys whatever order their second writes land in. A crash between the
 * two writes leaves the old keys until the next change of those fields.
 * @example await refreshContactKeys({ services, tenantId, workflow, before: record, after: decision.record })
 */
export async function refreshContactKeys(input: {
  services: Services;
  tenantId: string;
  workflow: CompiledWorkflow;
  before: FunnelRecord;
  after: FunnelRecord;
}): Promise<void> {
  const { before, after } = input;
  // The engine copies only what it changes: the same fields object means no field changed.
  if (before.fields === after.fields) return;
  const keys = contactKeys(input.workflow.definition, after.fields);
  if (JSON.stringify(keys) === JSON.stringify(contactKeys(input.workflow.definition, before.fields))) return;
  await input.services.models.Record.updateOne(
    { tenantId: input.tenantId, _id: after.id, $or: [{ 'contact.atVersion': { $lt: after.version } }, { 'contact.atVersion': { $exists: false } }] },
    { $set: { contact: { ...keys, atVersion: after.version } } },
  );
}

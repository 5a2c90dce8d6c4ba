import type { CompiledWorkflow } from './compiled-workflow';
import { invalidFieldBlockers } from './invalid-field-blockers';
import { missingFieldBlockers } from './missing-field-blockers';
import type { Actor, Blocker, Decision, FunnelRecord, Instant } from './record';
import { refreshSchedules } from './refresh-schedules';
import { runRules } from './run-rules';
import { stageGuardBlockers } from './stage-guard-blockers';

/**
 * Changes some fields (null clears one): the merged fields are validated against the field schema, a field the
 * record's stage requires cannot be cleared (each one a `missing_field` blocker, as a transition lists it), nor may
 * the change break the stage's guard (a `guard` blocker; a record that already broke it may still change),
 * blocked timers may try again, the nurture cadence is chosen again, and rules run.
 * @example updateFields({ workflow, record, fields: { phone: '+1 555 0100' }, actor, now }).type // → 'applied'
 */
export function updateFields(args: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  fields: Record<string, unknown>;
  actor: Actor;
  now: Instant;
}): Decision {
  const { workflow, record, actor, now } = args;
  const merged: Record<string, unknown> = { ...record.fields };
  const changed: string[] = [];
  for (const [name, value] of Object.entries(args.fields)) {
    if (JSON.stringify(record.fields[name]) === JSON.stringify(value ?? undefined)) continue;
    changed.push(name);
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  const stage = workflow.stage(record.stage);
  const blockers: Blocker[] = [
    ...invalidFieldBlockers(workflow.validateFields(merged)),
    ...missingFieldBlockers({ required: stage?.definition.requiredFields ?? [], fields: merged, before: record.fields }),
    ...(stage ? stageGuardBlockers({ stage, record: { ...record, fields: merged }, now, before: record }) : []),
  ];
  if (blockers.length > 0) return { type: 'refused', blockers };
  if (changed.length === 0) return { type: 'applied', record, events: [], effects: [] };
  const updated = refreshSchedules({ workflow, record: { ...record, fields: merged, version: record.version + 1 }, now, touched: false });
  const change = { record: updated, events: [{ type: 'fields_updated' as const, at: now, actor: actor.id, recordId: record.id, changed }], effects: [] };
  return { type: 'applied', ...runRules({ workflow, change, now }) };
}

import type { FunnelEvent, FunnelRecord, ManagerMap } from '@funnel/engine';
import type { Models } from '../models/models';
import { toFunnelRecord } from '../services/record-store';
import type { OutboxDrainer } from '../services/outbox-drainer';

/** Event types the funnel and calibration read. */
const METRIC_EVENT_TYPES: FunnelEvent['type'][] = ['record_created', 'transitioned', 'activity_logged'];

/**
 * The records and events a funnel or calibration needs, narrowed in the database: one workflow, the
 * event types that matter, and nothing at or after `before`. Outboxes are drained first, so the log is complete.
 * @example await metricsInputs({ models, drainer, tenantId, workflowKey, before: period.to })
 */
export async function metricsInputs(input: {
  models: Models;
  drainer: OutboxDrainer;
  tenantId: string;
  workflowKey: string;
  before?: number;
}): Promise<{ records: FunnelRecord[]; events: FunnelEvent[] }> {
  const { models, tenantId, workflowKey } = input;
  await input.drainer.repair(tenantId);
  const [records, events] = await Promise.all([
    models.Record.find({ tenantId, workflowKey }, { outbox: 0, contact: 0, timers: 0, pool: 0 }).lean(),
    models.Event.find(
      { tenantId, workflowKey, type: { $in: METRIC_EVENT_TYPES }, ...(input.before !== undefined ? { at: { $lt: input.before } } : {}) },
      { _id: 0, tenantId: 0, workflowKey: 0, version: 0, seq: 0 },
    )
      .sort({ at: 1 })
      .lean(),
  ]);
  return { records: records.map((r) => toFunnelRecord({ ...r, timers: [] } as never)), events: events as unknown as FunnelEvent[] };
}

/** Who manages whom in a tenant, for the manager roll-up. */
export async function managerMap(models: Models, tenantId: string): Promise<ManagerMap> {
  const users = await models.User.find({ tenantId }, { managerId: 1 }).lean();
  return Object.fromEntries(users.map((u) => [u._id, u.managerId ?? null]));
}

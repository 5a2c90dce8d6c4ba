import { dayOf } from '@funnel/engine';
import type { Models } from '../models/models';

/**
 * The earliest instant a time can be (ECMAScript's range, -8.64e15 ms): `{ $gte: EARLIEST_INSTANT }` matches every
 * time and no document without one, and lets the store walk a time index from either end.
 */
export const EARLIEST_INSTANT = -8.64e15;

/**
 * The first and last UTC days a workflow has data on: an event, a record's creation or a record's closing (six
 * indexed reads of one document each, by (tenant, workflow, at), (…, createdAt) and (…, closedAt)); undefined when
 * it has none. Every other day's summary is empty.
 * @example await workflowDataDays({ models, tenantId, workflowKey: 'standard_trunk' }) // → { first: 20090, last: 20454 }
 */
export async function workflowDataDays(input: { models: Models; tenantId: string; workflowKey: string }): Promise<{ first: number; last: number } | undefined> {
  const { models, tenantId, workflowKey } = input;
  const scope = { tenantId, workflowKey };
  const any = { $gte: EARLIEST_INSTANT };
  const ends = async (order: 1 | -1) => {
    const [event, created, closed] = await Promise.all([
      models.Event.findOne({ ...scope, at: any }, { at: 1 })
        .sort({ at: order })
        .lean(),
      models.Record.findOne({ ...scope, createdAt: any }, { createdAt: 1 })
        .sort({ createdAt: order })
        .lean(),
      models.Record.findOne({ ...scope, closedAt: any }, { closedAt: 1 })
        .sort({ closedAt: order })
        .lean(),
    ]);
    return [event?.at, created?.createdAt, closed?.closedAt].filter((t): t is number => t !== undefined);
  };
  const [firsts, lasts] = await Promise.all([ends(1), ends(-1)]);
  if (firsts.length === 0) return undefined;
  return { first: dayOf(Math.min(...firsts)), last: dayOf(Math.max(...lasts)) };
}

import { countsForCapacity } from '@funnel/engine';
import type { Models } from '../models/models';
import type { OwnerLoadDoc } from '../models/owner-load';
import type { RecordDoc } from '../models/record';
import type { OwnerCapacity } from './owner-capacity';
import type { WorkflowCatalog } from './workflow-catalog';

/** Places read per page of a recount. */
const RECOUNT_PAGE = 200;

/**
 * Gives back capacity places no record needs (docs/decisions.md 34): a process that crashed between taking a place
 * and its write, or between a write and giving the old place back, leaves one held, and its owner is offered fewer
 * records than the maximum until it goes. A place is unneeded when its record is gone, has another owner, or sits in
 * a stage capacity does not count. It is given back only when it was unneeded at the previous recount too: a place
 * is taken just before its record's write, so one that was already unneeded a whole recount interval ago (a minute
 * by default) is no commit in flight. Runs with the outbox repair, every FUNNEL_OUTBOX_REPAIR_INTERVAL_MS.
 * @example const given = await recount.run() // → 0 in the ordinary case
 */
export class CapacityRecount {
  /** The places found unneeded by the last run, as `${loadId}\u0000${recordId}`. */
  private suspects = new Set<string>();

  constructor(
    private readonly models: Models,
    private readonly capacity: OwnerCapacity,
    private readonly workflows: WorkflowCatalog,
  ) {}

  /** One recount over every place held; how many it gave back. */
  async run(): Promise<number> {
    const unneeded = new Set<string>();
    let given = 0;
    let after: string | null = null;
    for (;;) {
      const loads = (await this.models.OwnerLoad.collection
        .find(after === null ? {} : ({ _id: { $gt: after } } as never))
        .sort({ _id: 1 })
        .limit(RECOUNT_PAGE)
        .toArray()) as unknown as OwnerLoadDoc[];
      const last = loads[loads.length - 1];
      if (!last) break;
      after = last._id;
      for (const load of loads) {
        for (const recordId of await this.unneededOf(load)) {
          const key = `${load._id}\u0000${recordId}`;
          unneeded.add(key);
          if (!this.suspects.has(key)) continue;
          await this.capacity.give({ tenantId: load.tenantId, workflowKey: load.workflowKey, userId: load.userId, recordId });
          given += 1;
        }
      }
    }
    this.suspects = unneeded;
    return given;
  }

  /** The records of one person's places that do not count against them now. */
  private async unneededOf(load: OwnerLoadDoc): Promise<string[]> {
    if (load.records.length === 0) return [];
    const records = (await this.models.Record.find(
      { tenantId: load.tenantId, _id: { $in: load.records } },
      { owner: 1, stage: 1, workflowKey: 1, workflowVersion: 1 },
    ).lean()) as Pick<RecordDoc, '_id' | 'owner' | 'stage' | 'workflowKey' | 'workflowVersion'>[];
    const needed = new Set<string>();
    for (const record of records) {
      if (record.owner !== load.userId || record.workflowKey !== load.workflowKey) continue;
      const workflow = await this.workflows.version({ tenantId: load.tenantId, key: record.workflowKey, version: record.workflowVersion });
      if (countsForCapacity({ workflow, record })) needed.add(record._id);
    }
    return load.records.filter((id) => !needed.has(id));
  }
}

import type { Models } from '../models/models';
import type { OwnerLoadDoc } from '../models/owner-load';
import type { RecordDoc } from '../models/record';
import { holder } from './capacity-places';
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
        for (const [recordId, upTo] of await this.unneededOf(load)) {
          const key = `${load._id}\u0000${recordId}`;
          unneeded.add(key);
          if (!this.suspects.has(key)) continue;
          // Up to the version read: a place taken again since (the record given back to this person) stays.
          await this.capacity.give({ tenantId: load.tenantId, workflowKey: load.workflowKey, userId: load.userId, recordId, upTo });
          given += 1;
        }
      }
    }
    this.suspects = unneeded;
    return given;
  }

  /**
   * The records of one person's places that do not count against them now, each with the highest version its place
   * may have been taken for and still be unneeded: the record's version as read, or for a record that does not exist
   * the place's own tag as read.
   */
  private async unneededOf(load: OwnerLoadDoc): Promise<[string, number][]> {
    if (load.records.length === 0) return [];
    const records = (await this.models.Record.find(
      { tenantId: load.tenantId, _id: { $in: load.records } },
      { owner: 1, stage: 1, workflowKey: 1, workflowVersion: 1, version: 1 },
    ).lean()) as Pick<RecordDoc, '_id' | 'owner' | 'stage' | 'workflowKey' | 'workflowVersion' | 'version'>[];
    const read = new Map(records.map((record) => [record._id, record]));
    const unneeded: [string, number][] = [];
    for (const recordId of load.records) {
      const record = read.get(recordId);
      if (!record) {
        unneeded.push([recordId, load.versions?.[recordId] ?? Number.MAX_SAFE_INTEGER]);
        continue;
      }
      if (record.owner === load.userId && record.workflowKey === load.workflowKey) {
        const workflow = await this.workflows.version({ tenantId: load.tenantId, key: record.workflowKey, version: record.workflowVersion });
        if (holder(workflow, record) === load.userId) continue;
      }
      unneeded.push([recordId, record.version]);
    }
    return unneeded;
  }
}

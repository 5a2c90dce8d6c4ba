import { countsForCapacity, type CompiledWorkflow, type FunnelRecord } from '@funnel/engine';
import { LimitReachedError } from '../errors';
import type { Models } from '../models/models';
import type { OwnerCapacity } from './owner-capacity';
import type { WorkflowCatalog } from './workflow-catalog';

/** The `limit` a refusal for a full owner names. */
const CAPACITY_LIMIT = 'capacity';

/** Who a record counts against, in its state: its owner while its stage counts (countsForCapacity), else nobody. */
function holder(workflow: CompiledWorkflow, record: FunnelRecord | null): string | null {
  if (!record || record.owner === null) return null;
  return countsForCapacity({ workflow, record }) ? record.owner : null;
}

/** What a commit does once its write is known: gives back the places it no longer needs. */
export type SettlePlaces = (committed: boolean) => Promise<void>;

const NOTHING: SettlePlaces = async () => undefined;

/**
 * Keeps owners' capacity places in step with every commit of a record (docs/decisions.md 34). Before the write, a
 * change that makes a record count against someone (a new owner, or a stage that counts) takes that person's place in
 * the one conditional write that refuses a full owner: a person's command is then refused with LIMIT_REACHED
 * `capacity` and nothing is written; the system's (timers, migrations) is never refused and counts even above the
 * maximum. After it, the committed change gives back the place the record held before, a lost one the place it took
 * (unless the writer that won gave the record to the same person: see `storedHolderIs`).
 * A crash between the two leaves a place held that no record needs, never one missing: an owner may be offered
 * fewer records until the places are recounted, never more than the maximum.
 * @example const settle = await places.hold({ tenantId, before, after, system: false }); await settle(await write())
 */
export class CapacityPlaces {
  constructor(
    private readonly models: Models,
    private readonly capacity: OwnerCapacity,
    private readonly workflows: WorkflowCatalog,
  ) {}

  /** `placeHeld`: the new owner's place is this record's already (routing took it for a record not yet written). */
  async hold(input: { tenantId: string; before: FunnelRecord | null; after: FunnelRecord; system: boolean; placeHeld?: boolean }): Promise<SettlePlaces> {
    const { tenantId, before, after } = input;
    const [was, will] = await Promise.all([before ? this.workflowOf(tenantId, before) : null, after.owner === null ? null : this.workflowOf(tenantId, after)]);
    const from = was ? holder(was, before) : null;
    const to = will ? holder(will, after) : null;
    if (from === to) return NOTHING;
    const place = { tenantId, workflowKey: after.workflowKey, recordId: after.id };
    if (to !== null && will?.assignment?.capacity !== undefined && input.placeHeld !== true) {
      const max = input.system ? Number.MAX_SAFE_INTEGER : will.assignment.capacity.max;
      const taken = await this.capacity.take({ ...place, userId: to, max });
      if (!taken.ok) throw new LimitReachedError({ limit: CAPACITY_LIMIT, max, current: taken.current });
    }
    return async (committed) => {
      if (committed) {
        if (from !== null) await this.capacity.give({ ...place, workflowKey: before?.workflowKey ?? after.workflowKey, userId: from });
      } else if (to !== null && !(await this.storedHolderIs(tenantId, after.id, to))) {
        await this.capacity.give({ ...place, userId: to });
      }
    };
  }

  /**
   * Whether the record as stored now counts against `userId`. A write that lost its version race gives back the place
   * it took only when not: takes are idempotent per record, so a racing writer that gave the record to the same person
   * and won found this writer's place taken and wrote on it (two assignments of one pool record to one person at once,
   * or an assignment and the person's claim). Giving it back would leave that person's open record without a place.
   */
  private async storedHolderIs(tenantId: string, recordId: string, userId: string): Promise<boolean> {
    const doc = await this.models.Record.findOne({ tenantId, _id: recordId }, { owner: 1, stage: 1, workflowKey: 1, workflowVersion: 1 }).lean();
    if (!doc || doc.owner !== userId) return false;
    const stored = { id: recordId, owner: doc.owner, stage: doc.stage, workflowKey: doc.workflowKey, workflowVersion: doc.workflowVersion } as FunnelRecord;
    return holder(await this.workflowOf(tenantId, stored), stored) === userId;
  }

  private workflowOf(tenantId: string, record: FunnelRecord): Promise<CompiledWorkflow> {
    return this.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  }
}

import { countsForCapacity, type CompiledWorkflow, type FunnelRecord } from '@funnel/engine';
import { LimitReachedError } from '../errors';
import type { OwnerCapacity } from './owner-capacity';
import type { WorkflowCatalog } from './workflow-catalog';

/** The `limit` a refusal for a full owner names. */
const CAPACITY_LIMIT = 'capacity';

/**
 * Who a record counts against, in its state: its owner while its stage counts (countsForCapacity), else nobody.
 * @example holder(workflow, { ...record, owner: 'u1', stage: 'sql' }) // → 'u1' with capacity over SQL
 */
export function holder(workflow: CompiledWorkflow, record: Pick<FunnelRecord, 'owner' | 'stage'> | null): string | null {
  if (!record || record.owner === null) return null;
  return countsForCapacity({ workflow, record }) ? record.owner : null;
}

/**
 * Whose capacity place a record takes in its state: its holder, when the workflow caps open records; else nobody.
 * @example placeOf(workflow, { ...record, owner: 'u1', stage: 'lead' }) // → 'u1' under `capacity: { max: 20 }`
 */
export function placeOf(workflow: CompiledWorkflow, record: Pick<FunnelRecord, 'owner' | 'stage'>): string | null {
  return workflow.assignment?.capacity === undefined ? null : holder(workflow, record);
}

/**
 * The refusal of a person's command that would put an owner above the workflow's capacity, holding `current` places.
 * @example capacityFull({ max: 20, current: 20 }).message // → 'Limit "capacity" reached: 20 of 20'
 */
export function capacityFull(input: { max: number; current: number }): LimitReachedError {
  return new LimitReachedError({ limit: CAPACITY_LIMIT, ...input });
}

/** What a commit does once its write is known: gives back the places it no longer needs. */
export type SettlePlaces = (committed: boolean) => Promise<void>;

const NOTHING: SettlePlaces = async () => undefined;

/**
 * Keeps owners' capacity places in step with every commit of a record (docs/decisions.md 34). Before the write, a
 * change that makes a record count against someone (a new owner, or a stage that counts) takes that person's place in
 * the one conditional write that refuses a full owner: a person's command is then refused with LIMIT_REACHED
 * `capacity` and nothing is written; the system's (timers, migrations) is never refused and counts even above the
 * maximum. After it, the committed change gives back the place the record held before, if no later commit took it
 * again, and a lost one the place it tagged with its version, if the record as it is now does not need it (places
 * carry the version they were last taken for: OwnerCapacity).
 * A crash between the two leaves a place held that no record needs, never one missing: an owner may be offered
 * fewer records until the places are recounted (CapacityRecount), never more than the maximum.
 * @example const settle = await places.hold({ tenantId, before, after, system: false, current }); await settle(await write())
 */
export class CapacityPlaces {
  constructor(
    private readonly capacity: OwnerCapacity,
    private readonly workflows: WorkflowCatalog,
  ) {}

  /**
   * Takes what `after` needs before its write; the returned settle, told whether the write committed, gives back the
   * place `before` held (committed) or the place this hold added and the record as it is now does not need (lost:
   * `current` reads it, as another commit may have made it need the same place meanwhile).
   */
  async hold(input: {
    tenantId: string;
    before: FunnelRecord | null;
    after: FunnelRecord;
    system: boolean;
    current: () => Promise<FunnelRecord | null>;
    /** The new owner's place is this record's already: routing took it for this change's version. */
    placeHeld?: boolean;
  }): Promise<SettlePlaces> {
    const { tenantId, before, after } = input;
    const [was, will] = await Promise.all([before ? this.workflowOf(tenantId, before) : null, after.owner === null ? null : this.workflowOf(tenantId, after)]);
    const from = was ? holder(was, before) : null;
    const to = will ? holder(will, after) : null;
    if (from === to) return NOTHING;
    const place = { tenantId, workflowKey: after.workflowKey, recordId: after.id };
    const capacity = will?.assignment?.capacity;
    if (to !== null && capacity !== undefined && input.placeHeld !== true) {
      const max = input.system ? Number.MAX_SAFE_INTEGER : capacity.max;
      const taken = await this.capacity.take({ ...place, userId: to, version: after.version, max });
      if (!taken.ok) throw capacityFull({ max, current: taken.current });
    }
    return async (committed) => {
      if (committed) {
        // Only a place last taken for the state this change left: a later commit that took it again keeps it.
        if (from !== null && before) await this.capacity.give({ ...place, workflowKey: before.workflowKey, userId: from, upTo: before.version });
        return;
      }
      if (to === null) return;
      // Lost: the place this take tagged with its version goes, unless the record as it is now needs it (a winner that
      // gave the record to the same person at the same version) or a later take tagged it again.
      const now = await input.current();
      const needs = now ? holder(await this.workflowOf(tenantId, now), now) : null;
      if (needs !== to) await this.capacity.give({ ...place, userId: to, exactly: after.version });
    };
  }

  private workflowOf(tenantId: string, record: FunnelRecord): Promise<CompiledWorkflow> {
    return this.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  }
}

import { LRUCache } from 'lru-cache';
import { isDuplicateKey } from '../models/duplicate-key';
import type { Models } from '../models/models';
import { throwIfFailed } from '../models/tenant-bulk-writer';
import { tenantCollection } from '../models/tenant-collection';
import type { TurnWrites } from './turn-writes';

/** One person's places in one workflow. */
interface Load {
  tenantId: string;
  workflowKey: string;
  userId: string;
}

const loadId = (load: Load) => `${load.tenantId}:${load.workflowKey}:${load.userId}`;

/** People's place documents one process remembers as existing (a few dozen bytes each), the most recently taken. */
const KNOWN_LOADS_MAX = 100_000;

/**
 * The capacity places people hold in the store (models/owner-load.ts). `take` is the one conditional write that
 * lets a record count against its owner: it matches only while the owner holds fewer than `max` places (or already
 * holds this record's), so no interleaving of api processes ever puts anyone above the maximum. Each place is tagged
 * with the highest record version it was taken for (`versions`), and a give-back names the versions it may remove
 * (`upTo`, or `exactly`): a place a later commit of the same record took again (a take of a held place adds nothing)
 * is never given back by an earlier state's give-back (docs/decisions.md 34).
 * @example const taken = await capacity.take({ tenantId, workflowKey, userId, recordId, version: 3, max: 20 }) // → { ok: false, current: 20 } when full
 */
export class OwnerCapacity {
  /**
   * Ids of place documents this process saw exist. Nothing deletes one (a give-back pulls ids, a recount too), so a
   * take against a known one needs no upsert, and a full person's refusal is one round trip: an upsert whose filter
   * matches nothing tries an insert, collides with the document and has to be sent again without it.
   */
  private readonly existing = new LRUCache<string, true>({ max: KNOWN_LOADS_MAX });

  /**
   * `takes`: takes against known place documents go with the writes of their turn of the event loop (TurnWrites: the
   * other decisions' takes, and the record inserts and drain writes of other requests), as one `bulkWrite` that tells
   * each take whether it matched: each is the same conditional update as alone, applied one at a time by the store,
   * so none puts anyone above the maximum. A record's own insert is sent only once its take has answered (the place
   * before the record, decision 34), so the two never ride in one command. Without it, each take is its own write.
   */
  constructor(
    private readonly models: Models,
    private readonly takes?: TurnWrites,
  ) {}

  /** Takes a place for `recordId` at `version` (idempotent); refused with the places held when `max` are held by other records. */
  async take(input: Load & { recordId: string; version: number; max: number }): Promise<{ ok: true } | { ok: false; current: number }> {
    if (await this.tryTake(input)) return { ok: true };
    const current = (await this.held(input)).length;
    // Refused below the maximum: the person's document this process saw is gone (wiped by hand); take through the upsert.
    if (current < input.max && this.existing.delete(loadId(input)) && (await this.tryTake(input))) return { ok: true };
    return { ok: false, current };
  }

  /** Takes a place for `recordId` as `take` does; false when full, without reading how full (routing goes on to the next person). */
  async tryTake(input: Load & { recordId: string; version: number; max: number }): Promise<boolean> {
    const { tenantId, recordId, max } = input;
    const filter = { tenantId, _id: loadId(input), $or: [{ records: recordId }, { [`records.${max - 1}`]: { $exists: false } }] };
    const update = {
      $addToSet: { records: recordId },
      $max: { [`versions.${recordId}`]: input.version },
      $setOnInsert: { workflowKey: input.workflowKey, userId: input.userId },
    };
    const id = filter._id;
    if (this.takes && this.existing.has(id)) {
      const { $setOnInsert: _, ...known } = update;
      const taken = await this.takes.load({ type: 'update', collection: this.models.OwnerLoad.collection.collectionName, tenantId, filter, update: known });
      throwIfFailed([taken], `taking a capacity place in ${id}`);
      if (taken.ok && taken.n === 1) return true;
      // A system change's take (no maximum) is refused only when the document is gone: take through the upsert.
      if (max !== Number.MAX_SAFE_INTEGER) return false;
      this.existing.delete(id);
    }
    for (const upsert of this.existing.has(id) ? [false] : [true, false]) {
      try {
        const written = await this.models.OwnerLoad.updateOne(filter, update, { upsert });
        this.existing.set(id, true);
        return written.matchedCount === 1 || written.upsertedCount === 1;
      } catch (error) {
        // The upsert's insert collided with the person's document: it exists and matched neither condition (full),
        // or another process created it after this write looked (MongoDB does not retry an upsert whose filter is
        // more than equalities). Which one, the same write without the insert says.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return false;
  }

  /**
   * Gives back the place `recordId` holds, if it was last taken for a version up to `upTo` (a committed change's
   * give-back of the state it left, a recount's of the state it read) or for `exactly` that version (a lost write's,
   * of the take it made); a place without a version (taken before places had them) goes either way.
   */
  async give(input: Load & { recordId: string } & ({ upTo: number } | { exactly: number })): Promise<void> {
    const tag = `versions.${input.recordId}`;
    const version = 'upTo' in input ? { $lte: input.upTo } : input.exactly;
    await this.models.OwnerLoad.updateOne(
      { tenantId: input.tenantId, _id: loadId(input), $or: [{ [tag]: version }, { [tag]: { $exists: false } }] },
      { $pull: { records: input.recordId }, $unset: { [tag]: '' } },
    );
  }

  /** The records counted against one person. */
  async held(input: Load): Promise<string[]> {
    const doc = await this.models.OwnerLoad.findOne({ tenantId: input.tenantId, _id: loadId(input) }, { records: 1 }).lean();
    return doc?.records ?? [];
  }

  /** How many places each of `userIds` holds in a workflow (0 for one with none). */
  async loads(input: { tenantId: string; workflowKey: string; userIds: readonly string[] }): Promise<Map<string, number>> {
    const { tenantId, workflowKey } = input;
    const docs = await this.models.OwnerLoad.find({ tenantId, workflowKey, userId: { $in: [...input.userIds] } }, { userId: 1, records: 1 }).lean();
    const loads = new Map(input.userIds.map((id) => [id, 0]));
    for (const doc of docs) loads.set(doc.userId, doc.records.length);
    return loads;
  }
}

/**
 * Takes `count` consecutive assignment numbers of one rule with one `$inc`; the first of them (0 for the first ever).
 * @example const first = await takeTickets(models, { tenantId, workflowKey, ruleKey: 'round_robin', count: 1 })
 */
export async function takeTickets(models: Models, input: { tenantId: string; workflowKey: string; ruleKey: string; count: number }): Promise<number> {
  const { tenantId, count } = input;
  const _id = `${tenantId}:${input.workflowKey}:${input.ruleKey}`;
  // Through the driver's collection: mongoose's query layer cost more than this one-field `$inc` (a routed create's hot path).
  const counters = tenantCollection(models.AssignmentCounter.collection);
  for (;;) {
    try {
      const after = await counters.upsertOneAndRead({ tenantId, filter: { _id }, update: { $inc: { next: count } } });
      return ((after?.next as number | undefined) ?? count) - count;
    } catch (error) {
      // Two first assignments of a rule raced to create its counter: the other one made it; take from it.
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

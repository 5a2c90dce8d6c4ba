import { LRUCache } from 'lru-cache';
import type { Change, ContactKeys, FunnelRecord } from '@funnel/engine';
import DataLoader from 'dataloader';
import type { Models } from '../models/models';
import { tenantCollection } from '../models/tenant-collection';
import { throwIfFailed, type TenantBulkWriter, type TenantWrite, type WriteOutcome } from '../models/tenant-bulk-writer';
import type { OutboxEntry, RecordDoc, StoredScore } from '../models/record';
import type { CapacityPlaces, SettlePlaces } from './capacity-places';
import { outboxEntries, type OutboxDrainer } from './outbox-drainer';
import type { NotificationRecipients, Recipient } from './notification-recipients';
import { storedContactKeys } from './stored-contact-keys';
import { recordKey } from './record-key';
import { recordUpdate, storedRecord } from './record-update';
import { sizeOver } from './size-over';
import { nextTurn } from './next-turn';
import { answerByGroup } from './answer-by-group';
import { TurnWrites } from './turn-writes';
import { pipelineBaseBefore, stampPipelineChange } from '../metrics/pipeline-stamp';

/** A record to read: its tenant and id. */
type RecordKey = { tenantId: string; id: string };

/** Most record reads one `find` carries. */
const BATCH_MAX = 100;
/** Most records whose last state this process remembers (see `RecordStore.known`), the most recently used. */
const KNOWN_MAX = 2_000;
/**
 * Largest record (with its outbox, roughly counted: see `sizeOver`) this process remembers: a record may
 * carry megabytes of fields, and 2,000 of those must not sit in memory. A larger one is read each time.
 */
const KNOWN_RECORD_BYTES_MAX = 64 * 1024;

/** The stored score's keys on a document (see `StoredScore`). */
const STORED_SCORE_KEYS = ['score', 'fitScore', 'engagementScore', 'scoredAt'] as const;

/** Fields kept on the stored document that the engine does not know about. */
const STORE_ONLY = new Set(['_id', 'tenantId', 'hasExtension', 'outbox', 'contact', 'contactRules', 'search', 'pipelineBase', ...STORED_SCORE_KEYS]);

/**
 * The engine's view of a stored record. Copied key by key: `delete` would turn the object into a slow
 * dictionary for every later read of it in the engine.
 */
function toFunnelRecord(doc: RecordDoc): FunnelRecord {
  const record: Record<string, unknown> = { id: doc._id };
  const stored = doc as unknown as Record<string, unknown>;
  for (const key in stored) if (!STORE_ONLY.has(key) && key !== 'id') record[key] = stored[key];
  return record as unknown as FunnelRecord;
}

/**
 * Reads and writes records with optimistic concurrency: a write applies only at the version it was
 * computed from, and carries its events in the same document update (the outbox).
 * @example const applied = await store.update({ tenantId, expectedVersion: 3, change })
 */
export class RecordStore {
  /** The outbox each record object was read with, so its write can `$set` the exact new outbox. */
  private readonly outboxOf = new WeakMap<FunnelRecord, OutboxEntry[]>();

  /** The stored score of each record object read or written (see `scoreOf`). */
  private readonly scores = new WeakMap<FunnelRecord, StoredScore>();

  /** The record objects read or written with a `pipelineBase` (metrics/pipeline-stamp.ts): their changes are stamped. */
  private readonly based = new WeakSet<FunnelRecord>();

  private readonly records: ReturnType<typeof tenantCollection>;

  /**
   * The last state of each record this process read or wrote, by tenant and id. A version names exactly
   * one state of what is held here (every write of a record raises it, except the drain's outbox clear and
   * the contact-key backfill's rewrite of `contact`/`contactRules`, which `toFunnelRecord` leaves out of
   * what is held, and which follow from the fields that version names), so a mutation that
   * expects the version held here needs no read: if another process moved the record meanwhile, the
   * version-checked write misses and the caller reports the conflict. An outbox held here may still list
   * entries a drain has cleared since; those are in the log, and the next write or drain skips them.
   */
  private readonly known = new LRUCache<string, FunnelRecord>({ max: KNOWN_MAX });

  /**
   * Record reads of one turn of the event loop (every request that reached its read meanwhile), one `find`
   * per tenant: under load a command per request costs more than the read itself. The loader itself keeps
   * nothing: each read sees the store as of its batch (`known` is what skips reads).
   */
  private readonly reads = new DataLoader<RecordKey, RecordDoc | null, string>((keys) => this.readMany(keys), {
    cache: false,
    maxBatchSize: BATCH_MAX,
    batchScheduleFn: nextTurn,
  });

  /**
   * Record writes of one turn of the event loop, as one `bulkWrite` command with the turn's other writes (the
   * drain's) that reports each write's own outcome (whether its version still matched). A command per write cost
   * more than the write itself.
   */
  private readonly writes: TurnWrites;

  constructor(
    private readonly models: Models,
    private readonly drainer: OutboxDrainer,
    private readonly writer: TenantBulkWriter,
    private readonly recipients: NotificationRecipients,
    private readonly places: CapacityPlaces,
    private readonly log: (line: string) => void = () => undefined,
    /** The turn's writes shared with the drainer; without, the record store's own. */
    turn: TurnWrites = new TurnWrites(writer),
  ) {
    this.records = tenantCollection(models.Record.collection);
    this.writes = turn;
  }

  /**
   * One record of the tenant, or null. Reads of concurrent requests share one `find` (see `reads`). Given
   * the version the caller expects, the state this process last saw at that version answers without a read.
   */
  async find(tenantId: string, id: string, expectedVersion?: number | null): Promise<FunnelRecord | null> {
    const key = recordKey(tenantId, id);
    // get() makes it the most recently used.
    const known = this.known.get(key);
    if (known && expectedVersion != null && known.version === expectedVersion) return known;
    const doc = await this.reads.load({ tenantId, id });
    if (!doc) return null;
    const record = this.fromDoc(doc);
    if (this.outboxOf.has(record)) this.remember(key, record);
    return record;
  }

  /** Keeps `record` as the last known state of its key, as the most recently used (the least recently used go first). */
  private remember(key: string, record: FunnelRecord): void {
    const held = this.known.peek(key);
    // A slower read must not replace a newer state.
    if (held && held.version > record.version) return;
    if (held !== record && sizeOver([record, this.outboxOf.get(record)], KNOWN_RECORD_BYTES_MAX)) {
      this.known.delete(key);
      return;
    }
    this.known.set(key, record);
  }

  private readMany(keys: readonly RecordKey[]): Promise<(RecordDoc | null | Error)[]> {
    return answerByGroup(
      keys,
      (key) => key.tenantId,
      async (tenantId, ofTenant) => {
        const ids = ofTenant.map((key) => key.id);
        const docs = (await this.records.find({ tenantId, filter: { _id: { $in: ids } }, projection: { contact: 0 } })) as unknown as RecordDoc[];
        const found = new Map(docs.map((doc) => [doc._id, doc]));
        return (key) => found.get(key.id) ?? null;
      },
    );
  }

  /** The engine's record from a stored document read with its outbox (remembered for the write). */
  fromDoc(doc: RecordDoc): FunnelRecord {
    const record = toFunnelRecord(doc);
    if (Array.isArray(doc.outbox)) this.outboxOf.set(record, doc.outbox);
    if (doc.pipelineBase !== undefined) this.based.add(record);
    if (typeof doc.score === 'number') {
      this.scores.set(record, { score: doc.score, fitScore: doc.fitScore ?? 0, engagementScore: doc.engagementScore ?? 0, scoredAt: doc.scoredAt ?? null });
    }
    return record;
  }

  /** The score stored with a record this store read or wrote; null when its workflow does not score. */
  scoreOf(record: FunnelRecord): StoredScore | null {
    return this.scores.get(record) ?? null;
  }

  /**
   * Inserts a new record with its creation events, its owner's capacity place taken first (CapacityPlaces; `placeHeld`:
   * routing took it already). Inserts of one turn of the event loop (concurrent requests,
   * the rows an import hands at once) go out in one `bulkWrite` with the turn's updates.
   */
  async insert(input: {
    tenantId: string;
    change: Change;
    contact: ContactKeys;
    score: StoredScore | null;
    system?: boolean;
    placeHeld?: boolean;
    /** People the create read already (routing's new owner): their notifications need no read of them. */
    known?: readonly Recipient[];
  }): Promise<void> {
    const { record } = input.change;
    const entries = await this.entriesOf({ tenantId: input.tenantId, change: input.change, known: input.known ?? [] });
    const settle = await this.places.hold({
      tenantId: input.tenantId,
      before: null,
      after: record,
      system: input.system === true,
      current: () => this.find(input.tenantId, record.id),
      ...(input.placeHeld ? { placeHeld: true } : {}),
    });
    const outcome = await this.writes.load({
      type: 'insert',
      collection: this.models.Record.collection.collectionName,
      tenantId: input.tenantId,
      document: storedRecord({
        record,
        extra: { outbox: entries, ...storedContactKeys(input.contact), ...input.score, pipelineBase: pipelineBaseBefore(null, Date.now()) },
        tenantId: input.tenantId,
      }),
    });
    await this.settled(settle, outcome.ok, record.id);
    throwIfFailed([outcome], `inserting record ${record.id}`);
    this.outboxOf.set(record, entries);
    this.based.add(record);
    if (input.score) this.scores.set(record, input.score);
    this.remember(recordKey(input.tenantId, record.id), record);
    this.drainer.enqueue({ tenantId: input.tenantId, recordId: record.id, workflowKey: record.workflowKey, version: record.version, entries });
  }

  /**
   * Settles a commit's capacity places. A give-back that fails after a committed write is logged, not thrown: the
   * change is written (its caller must hear so, and its events go on to the log), and a place left held is the safe
   * direction (the recount gives it back).
   */
  private async settled(settle: SettlePlaces, committed: boolean, recordId: string): Promise<void> {
    try {
      await settle(committed);
    } catch (error) {
      if (!committed) throw error;
      this.log(`capacity place of record ${recordId} not given back after its write (the recount will): ${(error as Error).message}`);
    }
  }

  /** The outbox entries of a change's events, with the notifications its effects owe people (read only when it has effects). */
  private entriesOf(input: { tenantId: string; change: Change; before?: FunnelRecord; known?: readonly Recipient[] }): OutboxEntry[] | Promise<OutboxEntry[]> {
    const { tenantId, change, before } = input;
    const entries = outboxEntries(change.record, change.events, before?.owner ?? null);
    stampPipelineChange({ entries, before: before ?? null, after: change.record });
    return change.effects.length === 0 ? entries : this.recipients.attach({ tenantId, change, entries, known: input.known ?? [] });
  }

  /** How many records of `owner` carry an extension (the indexed flag), but `except`. */
  countExtended(input: { tenantId: string; owner: string; except: string }): Promise<number> {
    return this.models.Record.countDocuments({ tenantId: input.tenantId, owner: input.owner, hasExtension: true, _id: { $ne: input.except } });
  }

  /**
   * Gives records the contact keys of the current rules, each only if it is still as read (same version, same
   * rules): the contact-key backfill's rewrite, which raises no version (docs/decisions.md 19). One outcome per
   * rewrite, in order (n is 0 when the record changed since it was read).
   */
  rewriteContactKeys(rewrites: { tenantId: string; id: string; version: number; contactRules: unknown; keys: ContactKeys }[]): Promise<WriteOutcome[]> {
    return this.writer.write(
      rewrites.map(
        (rewrite): TenantWrite => ({
          type: 'update',
          collection: this.models.Record.collection.collectionName,
          tenantId: rewrite.tenantId,
          filter: { _id: rewrite.id, version: rewrite.version, contactRules: rewrite.contactRules ?? null },
          update: { $set: storedContactKeys(rewrite.keys) },
        }),
      ),
    );
  }

  /**
   * Stores records' refreshed scores, each only if the record is still at the version it was scored at, in one
   * `bulkWrite`: the sweeper's daily refresh of records nothing changed, which raises no version (the score is not
   * part of the state a version names, like the contact keys). A record changed since is left to its writer, which
   * stored a newer score. How many were stored.
   */
  async rewriteScores(rewrites: { tenantId: string; record: FunnelRecord; score: StoredScore }[]): Promise<number> {
    if (rewrites.length === 0) return 0;
    const outcomes = await this.writer.write(
      rewrites.map(
        ({ tenantId, record, score }): TenantWrite => ({
          type: 'update',
          collection: this.models.Record.collection.collectionName,
          tenantId,
          filter: { _id: record.id, version: record.version },
          update: { $set: score },
        }),
      ),
    );
    let stored = 0;
    outcomes.forEach((outcome, i) => {
      const rewrite = rewrites[i];
      if (!rewrite || !outcome.ok || outcome.n !== 1) return;
      this.scores.set(rewrite.record, rewrite.score);
      stored++;
    });
    return stored;
  }

  /**
   * Gives records a stored field they were written without (`search` terms, the recent `activities`): the backfills'
   * write, each only while the record still lacks the field, raising no version (the value follows from its fields, its
   * log). One outcome per write, in order (n is 0 when a write of its own gave the record the field meanwhile).
   */
  fillMissing(field: 'search' | 'activities', fills: { tenantId: string; id: string; value: unknown }[]): Promise<WriteOutcome[]> {
    return this.writer.write(
      fills.map(
        (fill): TenantWrite => ({
          type: 'update',
          collection: this.models.Record.collection.collectionName,
          tenantId: fill.tenantId,
          // Not on the version: a write that changes the value sets the field itself (and this fill then matches
          // nothing), and one that does not leaves this value right; on the version, a transition landing mid-walk
          // would leave the record without the field for good.
          filter: { _id: fill.id, [field]: { $exists: false } },
          update: { $set: { [field]: fill.value } },
        }),
      ),
    );
  }

  /**
   * Applies a change computed from `before` (read at its version), with the record's new contact keys if
   * it changed them; false when another writer got there first. Its owner's capacity place is taken before the
   * write and the one it leaves given back after (CapacityPlaces; `system`: never refused for capacity).
   */
  async update(input: {
    tenantId: string;
    before: FunnelRecord;
    change: Change;
    contact?: ContactKeys | undefined;
    score: StoredScore | null;
    system?: boolean;
  }): Promise<boolean> {
    const { record } = input.change;
    const entries = await this.entriesOf({ tenantId: input.tenantId, change: input.change, before: input.before });
    const settle = await this.places.hold({
      tenantId: input.tenantId,
      before: input.before,
      after: record,
      system: input.system === true,
      current: () => this.find(input.tenantId, record.id),
    });
    // Entries this process saw land in the log leave the outbox with this write (it is version-checked,
    // so the outbox it sets is exact); only the rest are drained again.
    const outbox = this.outboxOf.get(input.before)?.filter((entry) => !this.drainer.isLogged(entry._id));
    const key = recordKey(input.tenantId, record.id);
    const based = this.based.has(input.before);
    const update = withStoredScore(recordUpdate({ before: input.before, after: record, entries, outbox, contact: input.contact }), {
      score: input.score,
      had: this.scores.has(input.before),
    });
    // The first stamped change of a record stores what it counted for before. The write lands only if the record has a
    // base exactly when this process believes so: a mistake either way would count the record twice in the pipeline.
    if (!based) update.$set = { ...(update.$set as Record<string, unknown>), pipelineBase: pipelineBaseBefore(input.before, Date.now()) };
    const outcome = await this.writes.load({
      type: 'update',
      collection: this.models.Record.collection.collectionName,
      tenantId: input.tenantId,
      filter: { _id: record.id, version: input.before.version, pipelineBase: { $exists: based } },
      update,
    });
    await this.settled(settle, outcome.ok && outcome.n === 1, record.id);
    throwIfFailed([outcome], `writing record ${record.id}`);
    if (!outcome.ok || outcome.n !== 1) {
      // Another writer moved the record: what this process holds of it is stale.
      if (this.known.peek(key) === input.before) this.known.delete(key);
      return false;
    }
    if (input.score) this.scores.set(record, input.score);
    this.based.add(record);
    // With a known outbox, the stored outbox is now these entries (and, if this change had no events, the
    // ones left out as already logged), at this version: clearing it at this version loses nothing.
    const pending = outbox ? [...outbox, ...entries] : entries;
    if (outbox) {
      this.outboxOf.set(record, pending);
      this.remember(key, record);
    }
    this.drainer.enqueue({
      tenantId: input.tenantId,
      recordId: record.id,
      workflowKey: record.workflowKey,
      version: outbox ? record.version : null,
      entries: pending,
    });
    return true;
  }
}

/**
 * A record update that also stores its new score, or clears a score its workflow no longer computes (a migration to
 * a version without scoring).
 */
function withStoredScore(update: Record<string, unknown>, input: { score: StoredScore | null; had: boolean }): Record<string, unknown> {
  if (input.score) return { ...update, $set: { ...(update.$set as Record<string, unknown>), ...input.score } };
  if (!input.had) return update;
  const unset = Object.fromEntries(STORED_SCORE_KEYS.map((key) => [key, '']));
  return { ...update, $unset: { ...(update.$unset as Record<string, ''> | undefined), ...unset } };
}

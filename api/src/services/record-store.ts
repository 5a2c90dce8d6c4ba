import { recordHasExtension, type Change, type FunnelRecord } from '@funnel/engine';
import type { Models } from '../models/models';
import type { ContactKeys, RecordDoc } from '../models/record';
import { outboxEntries, type OutboxDrainer } from './outbox-drainer';

/** Fields kept on the stored document that the engine does not know about. */
const STORE_ONLY = ['tenantId', 'hasExtension', 'outbox', 'contact'] as const;

/** The engine's view of a stored record. */
export function toFunnelRecord(doc: RecordDoc): FunnelRecord {
  const { _id, ...rest } = doc as RecordDoc & Record<string, unknown>;
  for (const key of STORE_ONLY) delete rest[key];
  return { ...(rest as unknown as Omit<FunnelRecord, 'id'>), id: _id };
}

/** Optional record keys: absent in a new state means `$unset`, or the old value would linger. */
const OPTIONAL_KEYS = ['pipeline', 'outcome', 'firstTouchAt', 'lastActivityAt', 'closedAt', 'pool'] as const;

/** What a write stores for a record state (everything the engine owns, plus the indexed extension flag). */
function stateOf(record: FunnelRecord): Record<string, unknown> {
  const { id: _id, ...state } = record;
  const stored: Record<string, unknown> = { ...state, hasExtension: recordHasExtension(record) };
  for (const key of OPTIONAL_KEYS) if (stored[key] === undefined) delete stored[key];
  return stored;
}

function unsetOf(record: FunnelRecord): Record<string, ''> {
  return Object.fromEntries(OPTIONAL_KEYS.filter((key) => record[key] === undefined).map((key) => [key, '']));
}

/**
 * Reads and writes records with optimistic concurrency: a write applies only at the version it was
 * computed from, and carries its events in the same document update (the outbox).
 * @example const applied = await store.update({ tenantId, expectedVersion: 3, change })
 */
export class RecordStore {
  constructor(
    private readonly models: Models,
    private readonly drainer: OutboxDrainer,
  ) {}

  /** One record of the tenant (without its outbox), or null. */
  async find(tenantId: string, id: string): Promise<FunnelRecord | null> {
    const doc = await this.models.Record.findOne({ tenantId, _id: id }, { outbox: 0, contact: 0 }).lean();
    return doc ? toFunnelRecord(doc as unknown as RecordDoc) : null;
  }

  /** Inserts a new record with its creation events. */
  async insert(input: { tenantId: string; change: Change; contact: ContactKeys }): Promise<void> {
    const { record, events } = input.change;
    const entries = outboxEntries(record, events);
    await this.models.Record.collection.insertOne({
      ...stateOf(record),
      _id: record.id,
      tenantId: input.tenantId,
      outbox: entries,
      contact: input.contact,
    } as never);
    this.drainer.enqueue({ tenantId: input.tenantId, recordId: record.id, workflowKey: record.workflowKey, entries });
  }

  /** Applies a change computed from `expectedVersion`; false when another writer got there first. */
  async update(input: { tenantId: string; expectedVersion: number; change: Change }): Promise<boolean> {
    const { record, events } = input.change;
    const entries = outboxEntries(record, events);
    const update: Record<string, unknown> = { $set: stateOf(record) };
    const unset = unsetOf(record);
    if (Object.keys(unset).length > 0) update['$unset'] = unset;
    if (entries.length > 0) update['$push'] = { outbox: { $each: entries } };
    const result = await this.models.Record.updateOne(
      { tenantId: input.tenantId, _id: record.id, version: input.expectedVersion },
      update,
    );
    if (result.matchedCount !== 1) return false;
    this.drainer.enqueue({ tenantId: input.tenantId, recordId: record.id, workflowKey: record.workflowKey, entries });
    return true;
  }
}

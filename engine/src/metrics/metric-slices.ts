import type { FunnelEvent } from '../record';
import { managerChain, type ManagerMap } from './manager-chain';

/**
 * What a funnel or calibration is narrowed to (docs/metrics.md "Filters"): records of one pipeline, events of some
 * owners (the owner at the time of each event). Absent parts do not narrow.
 * @example { pipeline: 'hunters', owners: ['ann', 'bob'] }
 */
export interface MetricsFilter {
  /** A pipeline key of the definition: records created into that pipeline (a record's pipeline never changes). */
  pipeline?: string;
  /** Owner ids: events whose record had one of these owners at the time. */
  owners?: readonly string[];
  /** A lead source (the record's `source` field now): narrows time to first touch only. */
  source?: string;
}

/** What a slice reads of a record: the pipeline it was created into, its owner now, and its fields (the lead source). */
export interface SlicedRecord {
  pipeline?: string;
  owner?: string | null;
  fields?: Readonly<Record<string, unknown>>;
}

/**
 * A record's lead source: its `source` field when that is text (the templates' field), else undefined.
 * @example leadSource({ fields: { source: 'referral' } }) // → 'referral'
 */
export function leadSource(record: SlicedRecord): string | undefined {
  const source = record.fields?.source;
  return typeof source === 'string' ? source : undefined;
}

/**
 * The key of one slice of the summaries: a pipeline (null: records created outside any pipeline) and an owner (null:
 * nobody), as JSON text.
 * @example sliceKey({ pipeline: 'hunters', owner: 'ann' }) // → '["hunters","ann"]'
 */
function sliceKey(input: { pipeline: string | null; owner: string | null }): string {
  return JSON.stringify([input.pipeline, input.owner]);
}

/**
 * The owner an event counts under: the one the log stamped on it, or, on an event logged before the log stamped
 * owners, the record's owner now (null without a record).
 * @example eventOwner({ ...event, owner: 'ann' }, { owner: 'bob' }) // → 'ann'
 */
function eventOwner(event: FunnelEvent, record: SlicedRecord | undefined): string | null {
  return event.owner !== undefined ? event.owner : (record?.owner ?? null);
}

/**
 * The slice an event counts in: its record's pipeline and the owner at the time of the event.
 * @example eventSlice({ ...event, owner: 'ann' }, { pipeline: 'hunters' }) // → '["hunters","ann"]'
 */
export function eventSlice(event: FunnelEvent, record: SlicedRecord | undefined): string {
  return sliceKey({ pipeline: record?.pipeline ?? null, owner: eventOwner(event, record) });
}

/** What the log stamped on a record's creation: its owner and its lead source then (each absent when not stamped). */
export interface CreationStamp {
  owner?: string | null;
  source?: string | null;
}

/**
 * What each record was created with: the owner and lead source stamped on its first `record_created` event among
 * `events` (a record without that event among them is not in the map: its owner and source now stand in).
 * @example creationStamps([{ type: 'record_created', recordId: 'r1', owner: 'ann', source: 'web', … }]).get('r1') // → { owner: 'ann', source: 'web' }
 */
export function creationStamps(events: readonly FunnelEvent[]): Map<string, CreationStamp> {
  const stamps = new Map<string, CreationStamp>();
  for (const e of events) if (e.type === 'record_created' && !stamps.has(e.recordId)) stamps.set(e.recordId, { owner: e.owner, source: e.source });
  return stamps;
}

/**
 * The slice a record's creation counts in (time to first touch): its pipeline and the owner it was created with
 * (`creationStamps`), or its owner now when the log does not say.
 * @example creationSlice({ record: { pipeline: 'hunters', owner: 'bob' }, stamp: { owner: 'ann' } }) // → '["hunters","ann"]'
 */
export function creationSlice(input: { record: SlicedRecord; stamp: CreationStamp | undefined }): string {
  const stamped = input.stamp?.owner;
  const owner = stamped !== undefined ? stamped : (input.record.owner ?? null);
  return sliceKey({ pipeline: input.record.pipeline ?? null, owner });
}

/**
 * A record's lead source as it was created (time to first touch by source): the source stamped on its creation, or,
 * when the log does not say, its `source` field now; undefined without one.
 * @example creationSource({ record: { fields: { source: 'referral' } }, stamp: { source: 'web' } }) // → 'web'
 */
export function creationSource(input: { record: SlicedRecord; stamp: CreationStamp | undefined }): string | undefined {
  const stamped = input.stamp?.source;
  return stamped !== undefined ? (stamped ?? undefined) : leadSource(input.record);
}

/**
 * Whether a slice is in a filter; without a filter (or an empty one) every slice is.
 * @example sliceFilter({ owners: ['ann'] })('[null,"ann"]') // → true
 */
export function sliceFilter(filter: MetricsFilter | undefined): (slice: string) => boolean {
  if (!filter || (filter.pipeline === undefined && filter.owners === undefined)) return () => true;
  const owners = filter.owners ? new Set<string | null>(filter.owners) : undefined;
  return (slice) => {
    const [pipeline, owner] = JSON.parse(slice) as [string | null, string | null];
    return (filter.pipeline === undefined || pipeline === filter.pipeline) && (!owners || owners.has(owner));
  };
}

/**
 * A manager's team today: the manager and everyone below them in the map (following each user's managers upwards).
 * @example teamOf('meg', { ann: 'bob', bob: 'meg', cy: null }) // → ['meg', 'ann', 'bob']
 */
function teamOf(manager: string, managers: ManagerMap): string[] {
  return [manager, ...Object.keys(managers).filter((user) => user !== manager && managerChain(user, managers).includes(manager))];
}

/**
 * The owners a filter keeps from the owners and the team (a manager id) it was asked for: the team's members today
 * (`teamOf`), among `owners` when both are given; undefined when neither narrows.
 * @example filterOwners({ owners: ['ann', 'cy'], team: 'meg', managers: { ann: 'meg', cy: null } }) // → ['ann']
 */
export function filterOwners(input: { owners?: readonly string[] | undefined; team?: string | undefined; managers: ManagerMap }): string[] | undefined {
  const team = input.team === undefined ? undefined : teamOf(input.team, input.managers);
  if (!team) return input.owners ? [...input.owners] : undefined;
  return input.owners ? team.filter((owner) => input.owners?.includes(owner)) : team;
}

/**
 * Whether a record as it is now is in a filter (the pipeline and velocity's records): of its pipeline, owned now by
 * one of its owners, of its lead source.
 * @example recordInFilter({ pipeline: 'hunters', owner: 'ann', fields: {} }, { owners: ['ann'] }) // → true
 */
export function recordInFilter(record: SlicedRecord, filter: MetricsFilter | undefined): boolean {
  if (!filter) return true;
  const { pipeline, owners, source } = filter;
  return (
    (pipeline === undefined || record.pipeline === pipeline) &&
    (owners === undefined || (record.owner != null && owners.includes(record.owner))) &&
    (source === undefined || leadSource(record) === source)
  );
}

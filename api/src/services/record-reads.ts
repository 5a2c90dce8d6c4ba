import {
  approvalRequests,
  availableTransitions,
  stageGuidance,
  type Actor,
  type ApprovalRequest,
  type ArmedTimer,
  type FunnelRecord,
  type TransitionOption,
} from '@funnel/engine';
import type { EventDoc } from '../models/event';
import type { RecordDoc } from '../models/record';
import { leftOnRecord, loggedEvent, type PendingOutbox } from './outbox-drainer';
import type { Services } from './services';
import { teamBelow } from './team';

/** What a page of a list asks of the store: the `_id` range, the order and how many (see `idCursorPage`). */
export interface PageRequest {
  idRange: { _id?: { $gt?: string; $lt?: string } };
  sort: { _id: 1 | -1 };
  limit: number;
}

/**
 * What a list of records reads of each: all but what only the store uses (the outbox, the contact keys, the search
 * terms), which would be sent from the store for nothing with every record of a page.
 */
export const RECORD_AS_READ = { outbox: 0, contact: 0, search: 0 } as const;

/**
 * A page of the records a filter (built from typed values only: `recordFilter` in services/record-filter.ts)
 * matches, without their outboxes and contact keys.
 * @example await recordsPage(services, { tenantId, stage: 'sql' }, { idRange: {}, sort: { _id: 1 }, limit: 20 })
 */
export async function recordsPage(services: Services, query: Record<string, unknown>, page: PageRequest): Promise<FunnelRecord[]> {
  const docs = (await services.models.Record.find({ ...query, ...page.idRange }, RECORD_AS_READ)
    .sort(page.sort)
    .limit(page.limit)
    .lean()) as unknown as RecordDoc[];
  // Through the store, which keeps each record's stored score for the Record type.
  return docs.map((doc) => services.records.fromDoc(doc));
}

/**
 * A page of one record's events, in log order. Event ids are `${recordId}:…` and sort in log order (see
 * `outboxEntries`): a range of the `_id` index holds exactly this record's events, so the log needs no secondary
 * index for it. A cursor narrows the range and never widens it past this record's events. Events still in the
 * record's outbox (their copy into the log is a few milliseconds behind, or a crash left them for the repair
 * scan) are read from the outbox as the log will hold them, so the history is whole and the read writes nothing.
 */
export async function historyPage(services: Services, input: { tenantId: string; recordId: string; page: PageRequest }): Promise<EventDoc[]> {
  const { tenantId, recordId, page } = input;
  const [first, last] = [`${recordId}:`, `${recordId};`];
  const { $gt: after, $lt: before } = page.idRange._id ?? {};
  const range = { $gt: after !== undefined && after > first ? after : first, $lt: before !== undefined && before < last ? before : last };
  const [logged, stored] = await Promise.all([
    services.models.Event.find({ tenantId, _id: range }).sort(page.sort).limit(page.limit).lean(),
    services.models.Record.findOne({ tenantId, _id: recordId }, { workflowKey: 1, version: 1, outbox: 1 }).lean() as Promise<Pick<
      RecordDoc,
      '_id' | 'workflowKey' | 'version' | 'outbox'
    > | null>,
  ]);
  const byId = new Map<string, EventDoc>(logged.map((event) => [event._id, event]));
  const unlogged = stored ? leftOnRecord({ ...stored, tenantId }) : null;
  for (const entry of unlogged?.entries ?? []) {
    if (entry._id > range.$gt && entry._id < range.$lt && !byId.has(entry._id)) byId.set(entry._id, loggedEvent(unlogged as PendingOutbox, entry));
  }
  const order = page.sort._id;
  return [...byId.values()].sort((a, b) => (a._id < b._id ? -order : order)).slice(0, page.limit);
}

/** Every transition out of the record's stage for `actor` now, with all blockers of the blocked ones. */
export async function transitionsFor(services: Services, input: { tenantId: string; record: FunnelRecord; actor: Actor }): Promise<TransitionOption[]> {
  const { tenantId, record, actor } = input;
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  return availableTransitions({ workflow, record, actor, now: await services.clock.now(tenantId) });
}

/** The guidance of the record's stage, with which key fields it has filled in; null when the stage gives none. */
export async function guidanceFor(services: Services, input: { tenantId: string; record: FunnelRecord }): Promise<ReturnType<typeof stageGuidance>> {
  const { tenantId, record } = input;
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  return stageGuidance({ workflow, record });
}

/** The transition waiting for approval on the record, with the approvers its workflow names; null when none waits. */
export async function pendingApprovalOf(services: Services, input: { tenantId: string; record: FunnelRecord }): Promise<ApprovalRequest | null> {
  const { tenantId, record } = input;
  if (!record.pendingApproval) return null;
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  return approvalRequests({ workflow, record }).find((request) => request.subject.type === 'transition') ?? null;
}

/** A pending request to extend a timer, waiting for a manager. */
export interface ExtensionRequest {
  record: FunnelRecord;
  timer: ArmedTimer;
}

/**
 * A page of the pending extension requests a viewer decides: an admin's are all of the tenant's, a manager's
 * those of the team below them.
 */
export async function extensionRequestsPage(
  services: Services,
  input: { tenantId: string; viewer: { _id: string; roles: readonly string[] }; page: PageRequest },
): Promise<ExtensionRequest[]> {
  const { tenantId, viewer, page } = input;
  const query: Record<string, unknown> = { tenantId, 'timers.pendingExtension.requestedBy': { $exists: true } };
  if (!viewer.roles.includes('admin')) query.owner = { $in: await teamBelow({ models: services.models, tenantId, managerId: viewer._id }) };
  const records = await recordsPage(services, query, page);
  return records.map((record) => ({ record, timer: record.timers.find((x) => x.pendingExtension) as ArmedTimer }));
}

import { approvalRequests, mayDecideApproval, type Actor, type ApprovalRequest, type FunnelRecord } from '@funnel/engine';
import { recordsPage, type PageRequest } from './record-reads';
import type { Services } from './services';
import { teamBelow } from './team';

/** A record with the requests waiting on it that one person may decide. */
export interface RecordApprovals {
  record: FunnelRecord;
  requests: ApprovalRequest[];
}

/** Records with something waiting, read per round while a page fills (most of them a viewer may decide). */
const SCAN_ROUNDS = 10;

/** Where any approval waits on a record: a transition's request, or a timer's extension request. */
const PENDING = { $or: [{ pendingApproval: { $exists: true } }, { 'timers.pendingExtension.requestedBy': { $exists: true } }] };

/**
 * A page of the records with requests `actor` may decide (mayDecideApproval: one of the approver roles, or the
 * owner's manager, direct or above, where the definition names them; never their own transition request), each
 * with those requests. Records are read in id order from the page's range until the page is full or
 * SCAN_ROUNDS reads found too few (the page is then shorter, and the next one goes on after its last record).
 */
export async function approvalRequestsPage(services: Services, input: { tenantId: string; actor: Actor; page: PageRequest }): Promise<RecordApprovals[]> {
  const { tenantId, actor, page } = input;
  const team = new Set(actor.system ? [] : await teamBelow({ models: services.models, tenantId, managerId: actor.id }));
  const found: RecordApprovals[] = [];
  let idRange = page.idRange;
  for (let round = 0; round < SCAN_ROUNDS && found.length < page.limit; round++) {
    const records = await recordsPage(services, { tenantId, ...PENDING }, { ...page, idRange });
    for (const record of records) {
      const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
      const actorManagesOwner = record.owner !== null && team.has(record.owner);
      const requests = approvalRequests({ workflow, record }).filter((request) => mayDecideApproval({ request, actor, actorManagesOwner }));
      if (requests.length > 0 && found.length < page.limit) found.push({ record, requests });
    }
    const last = records.at(-1);
    if (!last || records.length < page.limit) break;
    const direction = page.sort._id === 1 ? '$gt' : '$lt';
    idRange = { _id: { ...page.idRange._id, [direction]: last.id } };
  }
  return found;
}

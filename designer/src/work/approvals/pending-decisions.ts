import { readFragment, request } from '../graphql';
import type { CursorPage } from '../shared/useCursorPages';
import { APPROVAL_RECORD, APPROVAL_REQUESTS, type ApprovalRecord, EXTENSION_REQUESTS, OWNER_TIMERS } from './approvals-documents';

/** What every request waiting for a decision has. */
interface AskedBase {
  /** One key per request, across both lists: `<kind>:<record>:<timer or transition>`. */
  id: string;
  record: ApprovalRecord;
  requestedBy: string | null;
  requestedAt: string;
}

/** An extension of a timer someone asked for. */
export interface ExtensionAsked extends AskedBase {
  kind: 'extension';
  timer: string;
  /** The stage whose timer it is. */
  stage: string;
  dueAt: string;
  /** Extensions already granted on this timer. */
  extensions: number;
}

/** A move (transition) someone asked to be approved. */
export interface MoveAsked extends AskedBase {
  kind: 'move';
  transition: string;
  note: string | null;
}

export type Asked = ExtensionAsked | MoveAsked;

/** How many requests a list shows at first and adds with "show more"; read again live, up to the api's most. */
const PAGE_SIZE = 25;
const MOST_A_PAGE = 100;

/** How many to read from the start again: a page, or as many as were shown (up to the api's most a page). */
const firstOf = (after: string | null, shown: number) => (after === null ? Math.min(MOST_A_PAGE, Math.max(PAGE_SIZE, shown)) : PAGE_SIZE);

/**
 * A page of the extension requests the caller may decide, oldest first; `shown`: how many the list showed, read again.
 * @example const { items, endCursor, hasNextPage } = await extensionRequestsPage(null, 0);
 */
export async function extensionRequestsPage(after: string | null, shown: number): Promise<CursorPage<ExtensionAsked>> {
  const { extensionRequests } = await request(EXTENSION_REQUESTS, { first: firstOf(after, shown), after });
  const items = extensionRequests.edges.map(({ node }): ExtensionAsked => {
    const record = readFragment(APPROVAL_RECORD, node.record);
    return {
      kind: 'extension',
      id: `extension:${record.id}:${node.timer}`,
      record,
      timer: node.timer,
      stage: record.timers.find((timer) => timer.key === node.timer)?.stage ?? record.stage,
      dueAt: node.dueAt,
      extensions: node.extensions,
      requestedBy: node.requestedBy?.name ?? null,
      requestedAt: node.requestedAt,
    };
  });
  return { items, endCursor: extensionRequests.pageInfo.endCursor ?? null, hasNextPage: extensionRequests.pageInfo.hasNextPage };
}

/**
 * A page of the records with a move the caller may decide, as their moves, oldest record first (an extension asked
 * through `requestApproval` is among the extension requests already).
 * @example const { items } = await moveRequestsPage(null, 0);
 */
export async function moveRequestsPage(after: string | null, shown: number): Promise<CursorPage<MoveAsked>> {
  const { approvalRequests } = await request(APPROVAL_REQUESTS, { first: firstOf(after, shown), after });
  const items = approvalRequests.edges.flatMap(({ node }) => {
    const record = readFragment(APPROVAL_RECORD, node.record);
    return node.requests.flatMap((asked): MoveAsked[] =>
      asked.transition
        ? [
            {
              kind: 'move',
              id: `move:${record.id}:${asked.transition}`,
              record,
              transition: asked.transition,
              note: asked.note ?? null,
              requestedBy: asked.requestedBy?.name ?? null,
              requestedAt: asked.requestedAt,
            },
          ]
        : [],
    );
  });
  return { items, endCursor: approvalRequests.pageInfo.endCursor ?? null, hasNextPage: approvalRequests.pageInfo.hasNextPage };
}

/**
 * How many of an owner's open records of a workflow have a timer extended already, this one left out: the count
 * the policy's `maxOpenPerOwner` limits.
 * @example await otherExtendedRecords({ ownerId: 'u_ann', workflowKey: 'standard_trunk', recordId: 'r1' }) // → 3
 */
export async function otherExtendedRecords(input: { ownerId: string; workflowKey: string; recordId: string }): Promise<number> {
  const { records } = await request(OWNER_TIMERS, { owner: input.ownerId, workflowKey: input.workflowKey });
  return records.edges.filter(({ node }) => node.id !== input.recordId && node.closedAt === null && node.timers.some((timer) => timer.extensions > 0)).length;
}

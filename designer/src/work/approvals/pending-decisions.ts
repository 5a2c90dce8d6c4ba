import { readFragment, request } from '../graphql';
import { APPROVAL_RECORD, type ApprovalRecord, OWNER_TIMERS, PENDING_DECISIONS } from './approvals-documents';

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

/**
 * What the caller may decide now: the team's extension requests and the approval requests of a transition, oldest
 * first (an extension asked through `requestApproval` is in the first list already).
 * @example const { extensions, moves } = await pendingDecisions();
 */
export async function pendingDecisions(): Promise<{ extensions: ExtensionAsked[]; moves: MoveAsked[] }> {
  const data = await request(PENDING_DECISIONS);
  const extensions = data.extensionRequests.edges.map(({ node }): ExtensionAsked => {
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
  const moves = data.approvalRequests.edges.flatMap(({ node }) => {
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
  return { extensions, moves };
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

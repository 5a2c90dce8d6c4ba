import type { Refusal } from '../record/record-mutations';
import { DECIDE_APPROVAL } from './approvals-documents';
import { request } from '../graphql';
import type { Asked } from './pending-decisions';

/** What a decision came to: the record as it is now (the timer's new deadline), or the api's refusal. */
export type Decided = { type: 'decided'; stage: string; dueAt: string | null } | { type: 'refused'; refusal: Refusal };

/**
 * Approves or rejects one request with a reason (the requester is told by the api): an extension through its timer,
 * a move through its transition.
 * @example await decide({ asked, approve: true, reason: 'Budget meeting next week' }) // → { type: 'decided', stage: 'sql', dueAt: '…' }
 */
export async function decide({ asked, approve, reason }: { asked: Asked; approve: boolean; reason: string }): Promise<Decided> {
  const target = asked.kind === 'extension' ? { timer: asked.timer } : { transition: asked.transition };
  try {
    const { decideApproval: answer } = await request(DECIDE_APPROVAL, {
      input: { id: asked.record.id, approve, expectedVersion: asked.record.version, ...target, ...(reason.trim() ? { reason: reason.trim() } : {}) },
    });
    if (answer.__typename === 'Record') {
      const timer = asked.kind === 'extension' ? answer.timers.find((armed) => armed.key === asked.timer) : undefined;
      return { type: 'decided', stage: answer.stage, dueAt: timer?.dueAt ?? null };
    }
    return { type: 'refused', refusal: answer };
  } catch (error) {
    return { type: 'refused', refusal: { __typename: 'Unreachable', code: 'UNREACHABLE', message: String(error) } };
  }
}

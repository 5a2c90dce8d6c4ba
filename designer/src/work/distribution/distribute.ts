import { request } from '../graphql';
import { DISTRIBUTE_RECORDS, type Placement } from './distribution-documents';

/** Who gets the records: the people chosen, in turn, or the assignment rules (one rule, or each record's first). */
export type HandTo = { kind: 'people'; owners: string[] } | { kind: 'rule'; rule: string | null };

/**
 * Hands pool records out and answers each record's placement (its new owner, or why it stayed in the pool).
 * @example await distribute({ ids: ['r1', 'r2'], to: { kind: 'people', owners: ['u_bo'] } }) // → [{ recordId: 'r1', ownerId: 'u_bo', … }, …]
 */
export async function distribute({ ids, to }: { ids: string[]; to: HandTo }): Promise<Placement[]> {
  const target = to.kind === 'people' ? { owners: to.owners } : to.rule ? { rule: to.rule } : {};
  const { distributeRecords: answer } = await request(DISTRIBUTE_RECORDS, { input: { ids, ...target } });
  if (answer.__typename !== 'DistributeRecordsPayload') throw new Error(answer.message);
  return answer.placements;
}

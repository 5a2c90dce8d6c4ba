import type { CompiledExtensionPolicy } from './compiled-workflow';
import type { ArmedTimer, Blocker } from './record';

/**
 * The limits an extension must stay within: `maxPerRecord` extensions on this timer, and `maxOpenPerOwner`
 * records with an extension per owner (`ownerExtendedRecords` counts the owner's other records).
 * @example extensionLimitBlockers({ policy, timer, ownerExtendedRecords: 10 }) // → [{ type: 'limit_reached', limit: 'maxOpenPerOwner', max: 10, current: 10 }]
 */
export function extensionLimitBlockers(args: { policy: CompiledExtensionPolicy; timer: ArmedTimer; ownerExtendedRecords: number }): Blocker[] {
  const { policy, timer, ownerExtendedRecords } = args;
  const blockers: Blocker[] = [];
  if (timer.extensions >= policy.maxPerRecord) {
    blockers.push({ type: 'limit_reached', limit: 'maxPerRecord', max: policy.maxPerRecord, current: timer.extensions });
  }
  if (policy.maxOpenPerOwner !== undefined && ownerExtendedRecords >= policy.maxOpenPerOwner) {
    blockers.push({ type: 'limit_reached', limit: 'maxOpenPerOwner', max: policy.maxOpenPerOwner, current: ownerExtendedRecords });
  }
  return blockers;
}

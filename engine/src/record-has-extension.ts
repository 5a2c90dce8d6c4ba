import type { FunnelRecord } from './record';

/**
 * Whether a record holds an extension (granted or pending) on an armed timer; the api counts these per owner
 * to enforce `maxOpenPerOwner`.
 * @example recordHasExtension(record) // → true after an approved extension, false once the record leaves the stage
 */
export function recordHasExtension(record: FunnelRecord): boolean {
  return record.timers.some((t) => t.extensions > 0 || t.pendingExtension !== undefined);
}

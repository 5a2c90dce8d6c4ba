import type { FunnelEvent } from '../record';

/**
 * The events sorted by time, ties kept in the order given (the event log's insertion order).
 * @example chronological([{ at: 2, … }, { at: 1, … }]).map((e) => e.at) // → [1, 2]
 */
export function chronological<E extends FunnelEvent>(events: readonly E[]): E[] {
  return [...events].sort((a, b) => a.at - b.at);
}

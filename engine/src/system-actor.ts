import type { Actor } from './record';

/**
 * The actor of timers, rules and nurture: role checks do not apply to it, guards and required fields do.
 * @example fireDueTimers({ workflow, record, now }).events[0].actor // → 'system'
 */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: [], system: true };

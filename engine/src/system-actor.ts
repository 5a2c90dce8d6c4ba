import type { Actor } from './record';

/**
 * What acts on a record on its own: a record's `timer` (its warning, its transition, or its block), a pool's
 * `nurture` cadence (a touch due, or the cadence's transition), a `rule`, a `migration` to a newer version.
 */
export type SystemActorKind = 'timer' | 'nurture' | 'rule' | 'migration';

/** Every system actor's id starts so; a person's id (24 hex digits) never does. */
const SYSTEM_ID_PREFIX = 'system:';

const systemActor = (kind: SystemActorKind): Actor => ({ id: `${SYSTEM_ID_PREFIX}${kind}`, roles: [], system: true });

/**
 * The actor of each kind of automatic step: role checks do not apply to it, guards and required fields do. Its id
 * (`system:timer`, …) is the `actor` its events log, so the log tells which kind acted.
 * @example fireDueTimers({ workflow, record, now }).events[0].actor // → 'system:timer'
 */
export const SYSTEM_ACTORS: Readonly<Record<SystemActorKind, Actor>> = {
  timer: systemActor('timer'),
  nurture: systemActor('nurture'),
  rule: systemActor('rule'),
  migration: systemActor('migration'),
};

/**
 * The kind of system actor an actor id names, or undefined for any other id (a person's).
 * @example systemActorKind('system:rule') // → 'rule'
 */
export function systemActorKind(id: string): SystemActorKind | undefined {
  if (!id.startsWith(SYSTEM_ID_PREFIX)) return undefined;
  const kind = id.slice(SYSTEM_ID_PREFIX.length);
  return Object.hasOwn(SYSTEM_ACTORS, kind) ? (kind as SystemActorKind) : undefined;
}

import { systemActorKind, type SystemActorKind } from '@funnel/engine';
import type { EventDoc } from '../models/event';
import type { UserDoc } from '../models/user';
import type { UserLoader } from './user-loader';

/** The id every automatic step logged before the log told their kinds apart (docs/decisions.md 31). */
const LEGACY_SYSTEM_ID = 'system';

/** A system actor's kind as the API shows it: `unspecified` for an old `system` event that does not say which. */
export type ShownSystemActorKind = SystemActorKind | 'unspecified';

/** What acted on its own. */
export interface SystemActor {
  kind: ShownSystemActorKind;
}

/**
 * Who an event says acted: a system actor of its kind, the user of the event's tenant, or null when the id names
 * neither (a user of another tenant, or one no longer in the store). Users come through the request's loader, so
 * the actors of a page of events cost one read.
 * @example await eventActor(event, ctx.users) // → { kind: 'timer' } for 'system:timer'
 */
export function eventActor(event: EventDoc, users: UserLoader): Promise<SystemActor | UserDoc | null> {
  const kind = event.actor === LEGACY_SYSTEM_ID ? legacySystemKind(event) : systemActorKind(event.actor);
  if (kind) return Promise.resolve({ kind });
  return users.byId(event.actor, event.tenantId);
}

/**
 * The kind of system actor an event logged as `system` came from, as far as the event itself says: the timer
 * and cadence events and the transitions they or rules made name it; the owner change such a transition made
 * does not.
 */
function legacySystemKind(event: EventDoc): ShownSystemActorKind {
  switch (event.type) {
    case 'timer_warned':
    case 'timer_fired':
    case 'timer_blocked':
    case 'follow_up_due':
      return 'timer';
    case 'nurture_touch_due':
      return 'nurture';
    case 'migrated':
      return 'migration';
    case 'transitioned':
      return event.cause === 'timer' || event.cause === 'nurture' || event.cause === 'rule' ? event.cause : 'unspecified';
    case 'record_created':
    case 'fields_updated':
    case 'activity_logged':
    case 'extension_requested':
    case 'extension_decided':
    case 'claimed':
    case 'released':
    case 'became_dormant':
    case 'owner_changed':
    case 'assigned':
    case 'follow_up_set':
    case 'approval_requested':
    case 'approval_decided':
    case 'probability_set':
      return 'unspecified';
    default:
      // A type this version does not know (the log is read as stored).
      return unknownType(event);
  }
}

function unknownType(_event: never): ShownSystemActorKind {
  return 'unspecified';
}

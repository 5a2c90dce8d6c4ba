import type { FunnelEvent } from './record';

/** One entry per event type: the compiler refuses a type missing here, or one that is not a `FunnelEvent`'s. */
const EACH_EVENT_TYPE: Readonly<Record<FunnelEvent['type'], true>> = {
  record_created: true,
  transitioned: true,
  fields_updated: true,
  activity_logged: true,
  timer_warned: true,
  timer_fired: true,
  timer_blocked: true,
  extension_requested: true,
  extension_decided: true,
  claimed: true,
  released: true,
  nurture_touch_due: true,
  became_dormant: true,
  owner_changed: true,
  migrated: true,
  assigned: true,
  follow_up_set: true,
  follow_up_due: true,
  approval_requested: true,
  approval_decided: true,
  probability_set: true,
};

/**
 * Every type of event the engine logs, for inputs that name them (an app reading the event feed of some types only).
 * @example EVENT_TYPES.includes('transitioned') // → true
 */
export const EVENT_TYPES: readonly FunnelEvent['type'][] = Object.keys(EACH_EVENT_TYPE) as FunnelEvent['type'][];

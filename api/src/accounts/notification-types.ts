/**
 * The kinds of notification a person may choose a channel for. The delivery issue adds to this list as it delivers
 * each; a kind a person did not choose for is delivered in the app only.
 */
export const NOTIFICATION_TYPES = [
  /** A transition's `notify` effect (the owner, their manager or the previous owner told that a record moved). */
  'record_transition',
  /** A recycle timer's warning before its deadline. */
  'timer_warning',
  /** A salesperson asked for an extension (to their manager). */
  'extension_requested',
  /** A manager approved or rejected an extension (to the owner). */
  'extension_decided',
  /** A record was given to the person: by an assignment rule, or by a manager (to the new owner). */
  'record_assigned',
  /** A webhook endpoint failed for its whole retry window and was disabled (to the tenant's admins). */
  'webhook_endpoint_disabled',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

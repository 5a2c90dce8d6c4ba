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
  /** A record's next follow-up came due (to the owner). */
  'follow_up_due',
  /** Someone asked for approval of a transition (to the owner's manager; without one, the tenant's admins). */
  'approval_requested',
  /** An approver approved or rejected a transition (to the owner). */
  'approval_decided',
  /** A webhook endpoint failed for its whole retry window and was disabled (to the tenant's admins). */
  'webhook_endpoint_disabled',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

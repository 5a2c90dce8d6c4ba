import type { Blocker } from '@funnel/engine';

/** Who may approve, as a phrase: "a manager or the owner's manager". */
function approvers(blocker: { roles: readonly string[]; ownerManager: boolean }): string {
  return [...blocker.roles.map((role) => `a ${role}`), ...(blocker.ownerManager ? ["the owner's manager"] : [])].join(' or ');
}

/**
 * A one-line English explanation of a blocker, for people reading a refusal.
 * @example describeBlocker({ type: 'missing_field', field: 'company', pointer: '/company' }) // → 'field "company" is required'
 */
export function describeBlocker(blocker: Blocker): string {
  switch (blocker.type) {
    case 'wrong_stage':
      return `record is in stage "${blocker.stage}"; this needs one of: ${blocker.allowed.join(', ')}`;
    case 'role':
      return `needs one of the roles: ${blocker.required.join(', ')}`;
    case 'guard':
      return blocker.message.en;
    case 'missing_field':
      return `field "${blocker.field}" is required`;
    case 'invalid_field':
      return `${blocker.pointer}: ${blocker.message}`;
    case 'reason_required':
      return `a reason is required: one of ${blocker.options.join(', ')}`;
    case 'unknown_reason':
      return `unknown reason "${blocker.reason}": use one of ${blocker.options.join(', ')}`;
    case 'probability_override_not_allowed':
      return 'this transition does not allow overriding the probability';
    case 'limit_reached':
      return `limit "${blocker.limit}" reached: ${blocker.current} of ${blocker.max}`;
    case 'cooldown':
      return `cooling down until ${new Date(blocker.until).toISOString()}`;
    case 'not_in_pool':
      return 'record is not in a pool';
    case 'no_extension_policy':
      return `timer "${blocker.timer}" cannot be extended`;
    case 'no_pending_extension':
      return `timer "${blocker.timer}" has no pending extension request`;
    case 'extension_pending':
      return `timer "${blocker.timer}" already has a pending extension request`;
    case 'wrong_version':
      return `record runs version ${blocker.actual}, not ${blocker.expected}`;
    case 'not_owner':
      return `only the owner (${blocker.owner ?? 'nobody'}) may do this`;
    case 'approval_required':
      return `this transition needs approval by ${approvers(blocker)}: request it`;
    case 'approval_pending':
      return `transition "${blocker.transition}" already waits for approval (asked by ${blocker.requestedBy})`;
    case 'no_pending_approval':
      return `no approval of transition "${blocker.transition}" is waiting`;
    case 'approval_not_required':
      return `transition "${blocker.transition}" needs no approval: take it`;
    case 'not_approver':
      return `only ${approvers(blocker)} may decide this`;
    case 'own_request':
      return 'whoever asked for an approval or an extension cannot give it';
    case 'record_closed':
      return `the record is closed (${blocker.outcome})`;
    default: {
      const unreachable: never = blocker;
      return String(unreachable);
    }
  }
}

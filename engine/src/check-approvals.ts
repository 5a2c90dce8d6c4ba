import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { errorAt } from './diagnostic-at';

/**
 * Checks that every transition needing approval names who approves: roles, the owner's manager, or both.
 * @example checkApprovals(def) // → [{ code: 'compile.approval_approvers', pointer: '/transitions/4/approval', message: '…' }]
 */
export function checkApprovals(definition: WorkflowDefinition): Diagnostic[] {
  return definition.transitions.flatMap((transition, i): Diagnostic[] => {
    const approval = transition.approval;
    if (!approval || (approval.roles?.length ?? 0) > 0 || approval.ownerManager === true) return [];
    return [
      errorAt({
        code: 'compile.approval_approvers',
        pointer: `/transitions/${i}/approval`,
        message: `transition "${transition.key}" needs approval but names nobody to give it; add "roles" (such as ["manager"]) or "ownerManager": true`,
      }),
    ];
  });
}

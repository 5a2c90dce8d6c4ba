import type { ApprovalRequest } from '@funnel/engine';
import { builder } from './builder';
import { RoleEnum } from './error-types';

export const ApproversRef = builder.objectRef<ApprovalRequest['approvers']>('Approvers').implement({
  description: 'Who may decide an approval: anyone with one of the roles, or the owner’s manager where named.',
  fields: (t) => ({
    roles: t.field({ type: [RoleEnum], resolve: (a) => a.roles }),
    ownerManager: t.exposeBoolean('ownerManager'),
  }),
});

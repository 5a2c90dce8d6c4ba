import { ROLES, type Role } from '@funnel/schemas';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { UserDoc } from '../models/user';
import { createUser } from '../services/create-tenant';
import { mustBeUser, tenantById, usersPage } from '../services/directory';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { RoleEnum } from './error-types';
import { TenantRef } from './tenant';

export const UserRef = builder.objectRef<UserDoc>('User').implement({
  description: 'A person or app acting in a tenant. `manager` makes forecasts roll up.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    roles: t.field({ type: [RoleEnum], resolve: (u) => u.roles }),
    managerId: t.exposeID('managerId', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.createdAt }),
  }),
});

const Me = builder.objectRef<{ user: UserDoc; tenantId: string }>('Me').implement({
  description: 'Who the API key belongs to.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (m) => m.user }),
    roles: t.field({ type: [RoleEnum], resolve: (m) => m.user.roles }),
    tenant: t.field({
      type: TenantRef,
      resolve: (m, _args, ctx) => tenantById(ctx.services, m.tenantId),
    }),
  }),
});

builder.queryField('me', (t) =>
  t.withAuth({ signedIn: true }).field({
    type: Me,
    resolve: (_root, _args, ctx) => {
      const { viewer } = ctx;
      return { user: viewer.user, tenantId: viewer.tenantId };
    },
  }),
);

builder.queryField('users', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: UserRef,
    resolve: async (_root, args, ctx) => {
      const { viewer } = ctx;
      return idCursorPage<UserDoc, UserDoc>({
        list: 'users',
        args,
        fetch: (page) => usersPage(ctx.services, viewer.tenantId, page),
        map: (user) => user,
      });
    },
  }),
);

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    email: t.string(),
    roles: t.field({ type: [RoleEnum], required: true }),
    managerId: t.id(),
  }),
});

builder.mutationField('createUser', (t) =>
  t.withAuth({ admin: true }).field({
    type: UserRef,
    description: 'Admins add people (and integration apps) to their tenant.',
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const roles = input.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
      if (!input.name.trim() || roles.length === 0) {
        throw new ValidationFailedError([
          ...(!input.name.trim() ? [{ severity: 'error' as const, code: 'required', pointer: '/name', message: 'name must not be empty' }] : []),
          ...(roles.length === 0 ? [{ severity: 'error' as const, code: 'required', pointer: '/roles', message: 'give at least one role' }] : []),
        ]);
      }
      const managerId = input.managerId ? String(input.managerId) : null;
      if (managerId) await mustBeUser(ctx.services, { tenantId: viewer.tenantId, id: managerId, pointer: '/managerId' });
      return createUser({ models: ctx.services.models, tenantId: viewer.tenantId, name: input.name.trim(), email: input.email, roles, managerId });
    },
  }),
);

import type { FieldRef, SchemaTypes } from '@pothos/core';
import { accountOf } from '../accounts/account-settings';
import type { UserDoc } from '../models/user';
import { addUser } from '../services/add-user';
import { auditActorOf } from '../services/admin-audit';
import { usersPage } from '../services/directory';
import { NotFoundError, ValidationFailedError } from '../errors';
import { builder } from './builder';
import { RoleEnum } from './error-types';
import { idCursorPage } from './id-cursor-page';
import { AvailabilityRef, LocaleEnum, UserStatusEnum, userStatus } from './user-account-types';

export const UserRef = builder.objectRef<UserDoc>('User');

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/**
 * A field that names a person by the id `idOf` reads off its parent: the User of the caller's tenant (of
 * `tenantOf`'s, when given), deactivated ones too, or null when there is no id or no such user there. The
 * people of a level of the answer are read together (`UserLoader`), so a page names its people in one read.
 * @example owner: personField(t, { description: 'Who owns the record', idOf: (record) => record.owner })
 */
export function personField<Parent>(
  t: PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>,
  input: { description: string; idOf: (parent: Parent) => string | null | undefined; tenantOf?: (parent: Parent) => string },
): FieldRef<Types, UserDoc | null | undefined, 'Object'> {
  return t.field({
    type: UserRef,
    nullable: true,
    description: input.description,
    resolve: (parent, _args, ctx) => ctx.users.byId(input.idOf(parent), input.tenantOf?.(parent)),
  });
}

// Implemented apart from its ref: a user's manager is a User too.
UserRef.implement({
  description: 'A person or app acting in a tenant. `manager` makes forecasts roll up and teams.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true, description: 'Trimmed and lower-cased; unique in the tenant.' }),
    roles: t.field({ type: [RoleEnum], resolve: (u) => u.roles }),
    managerId: t.exposeID('managerId', { nullable: true }),
    manager: personField(t, {
      description: 'Who this person reports to (null also when managerId names no user of the tenant).',
      idOf: (u) => u.managerId,
      // Their own tenant's: a user is also shown before sign-in (signIn, acceptInvitation).
      tenantOf: (u) => u.tenantId,
    }),
    locale: t.field({ type: LocaleEnum, resolve: (u) => accountOf(u).locale }),
    timeZone: t.string({ description: 'An IANA time zone (Europe/Berlin).', resolve: (u) => accountOf(u).timeZone }),
    availability: t.field({
      type: AvailabilityRef,
      nullable: true,
      description: 'When the person is away, if they said so.',
      resolve: (u) => accountOf(u).availability,
    }),
    active: t.boolean({ description: 'False once deactivated: no sign-in, session or key works; their records stay.', resolve: (u) => accountOf(u).active }),
    status: t.field({ type: UserStatusEnum, resolve: userStatus }),
    createdAt: t.field({ type: 'DateTime', resolve: (u) => u.createdAt }),
  }),
});

builder.queryField('users', (t) =>
  t.withAuth({ signedIn: true }).connection({
    type: UserRef,
    description: "The tenant's users, deactivated ones too (active: false), oldest first.",
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
    description: 'Admins add apps (and people who use keys only) to their tenant; people are invited with inviteUser.',
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    errors: { types: [ValidationFailedError, NotFoundError] },
    resolve: (_root, { input }, ctx) =>
      addUser(ctx.services, {
        tenantId: ctx.viewer.tenantId,
        actor: auditActorOf(ctx.viewer),
        name: input.name,
        email: input.email ?? null,
        roles: input.roles,
        managerId: input.managerId ? String(input.managerId) : null,
      }),
  }),
);

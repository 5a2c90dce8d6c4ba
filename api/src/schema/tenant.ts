import { ValidationFailedError } from '../errors';
import type { TenantDoc } from '../models/tenant';
import type { Invitation } from '../services/invite-user';
import { openTenant } from '../services/open-tenant';
import { builder } from './builder';
import { LocaleEnum } from './user-account-types';
import { InviteUserPayload } from './user-admin';

export const TenantRef = builder.objectRef<TenantDoc>('Tenant').implement({
  description: 'A firm using Funnel. Everything else belongs to exactly one tenant.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    slug: t.string({
      description: 'The name people sign in to (lower-case letters, digits, hyphens), shown in invitation links.',
      resolve: (tenant) => tenant.slug ?? '',
    }),
    demo: t.exposeBoolean('demo'),
    createdAt: t.field({ type: 'DateTime', resolve: (tenant) => tenant.createdAt }),
  }),
});

const CreateTenantPayload = builder
  .objectRef<{ tenant: TenantDoc; adminUserId: string; adminKey: string; invitation: Invitation | null }>('CreateTenantPayload')
  .implement({
    fields: (t) => ({
      tenant: t.field({ type: TenantRef, resolve: (p) => p.tenant }),
      adminUserId: t.exposeID('adminUserId'),
      adminKey: t.exposeString('adminKey', { description: 'The first admin API key. Shown once; only its hash is stored.' }),
      adminInvitation: t.field({
        type: InviteUserPayload,
        nullable: true,
        description: "The first admin's invitation to set a password, when adminEmail was given: its link is here when no mail went out.",
        resolve: (p) => p.invitation,
      }),
    }),
  });

const CreateTenantInput = builder.inputType('CreateTenantInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'The name people sign in to: 2–40 lower-case letters, digits and hyphens; made from the name when left out.' }),
    adminEmail: t.string({
      description: 'The first admin’s email: they are invited to set a password and sign in by account. Left out, the admin has the API key only.',
    }),
    adminName: t.string({ description: 'The first admin’s name; "Admin" when left out.' }),
    adminLocale: t.field({ type: LocaleEnum, description: 'The language of the invitation and of the app for the first admin; en when left out.' }),
  }),
});

builder.mutationField('createTenant', (t) =>
  t.field({
    type: CreateTenantPayload,
    description:
      'Creates a tenant with an admin user and key, and invites the admin when adminEmail is given. Only the root key (FUNNEL_ROOT_KEY) may call it.',
    args: { input: t.arg({ type: CreateTenantInput, required: true }) },
    errors: { types: [ValidationFailedError] },
    authScopes: { root: true },
    resolve: async (_root, { input }, ctx) => {
      const created = await openTenant(ctx.services, { ...input, origin: ctx.request.origin });
      return { tenant: created.tenant, adminUserId: created.admin._id, adminKey: created.adminKey, invitation: created.invitation };
    },
  }),
);

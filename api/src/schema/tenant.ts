import { ValidationFailedError } from '../errors';
import type { TenantDoc } from '../models/tenant';
import { createTenant } from '../services/create-tenant';
import { builder } from './builder';

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

const CreateTenantPayload = builder.objectRef<{ tenant: TenantDoc; adminUserId: string; adminKey: string }>('CreateTenantPayload').implement({
  fields: (t) => ({
    tenant: t.field({ type: TenantRef, resolve: (p) => p.tenant }),
    adminUserId: t.exposeID('adminUserId'),
    adminKey: t.exposeString('adminKey', { description: 'The first admin API key. Shown once; only its hash is stored.' }),
  }),
});

const CreateTenantInput = builder.inputType('CreateTenantInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({ description: 'The name people sign in to: 2–40 lower-case letters, digits and hyphens; made from the name when left out.' }),
  }),
});

builder.mutationField('createTenant', (t) =>
  t.field({
    type: CreateTenantPayload,
    description: 'Creates a tenant with an admin user and key. Only the root key (FUNNEL_ROOT_KEY) may call it.',
    args: { input: t.arg({ type: CreateTenantInput, required: true }) },
    errors: { types: [ValidationFailedError] },
    authScopes: { root: true },
    resolve: async (_root, { input }, ctx) => {
      const name = input.name.trim();
      if (!name) throw new ValidationFailedError([{ severity: 'error', code: 'required', pointer: '/name', message: 'name must not be empty' }]);
      const created = await createTenant({ models: ctx.services.models, name, slug: input.slug ?? null });
      return { tenant: created.tenant, adminUserId: created.admin._id, adminKey: created.adminKey };
    },
  }),
);

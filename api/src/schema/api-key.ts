import { requireUser } from '../auth/require-user';
import { NotFoundError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import { issueApiKey } from '../services/create-tenant';
import { builder } from './builder';

const ApiKeyRef = builder.objectRef<ApiKeyDoc>('ApiKey').implement({
  description: 'An API key; the secret itself is never shown again after creation.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    userId: t.exposeID('userId'),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ key: ApiKeyDoc; token: string }>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.key }),
    token: t.exposeString('token', { description: 'The secret, shown once: send it as "Authorization: Bearer <token>".' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({ userId: t.id({ required: true }), name: t.string({ required: true }) }),
});

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreateApiKeyPayload,
    description: "Admins issue keys bound to a user; the key acts with that user's roles.",
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, { input }, ctx) => {
      const viewer = requireUser(ctx, ['admin']);
      const userId = String(input.userId);
      if (!(await ctx.services.models.User.exists({ tenantId: viewer.tenantId, _id: userId }))) throw new NotFoundError({ what: 'user', id: userId, pointer: '/userId' });
      return issueApiKey({ models: ctx.services.models, tenantId: viewer.tenantId, userId, name: input.name });
    },
  }),
);

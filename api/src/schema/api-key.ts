import { NotFoundError, ValidationFailedError } from '../errors';
import type { ApiKeyDoc } from '../models/api-key';
import { issueApiKey } from '../services/create-tenant';
import { apiKeysPage, mustBeUser, userById, type ListedApiKey } from '../services/directory';
import { revokeApiKey } from '../services/revoke-api-key';
import { rotateApiKey } from '../services/rotate-api-key';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';
import { UserRef } from './user';

type ApiKeyNode = ListedApiKey;

const ApiKeyRef = builder.objectRef<ApiKeyNode>('ApiKey').implement({
  description: "An API key; the secret itself is never shown again after creation (or rotation). It acts with its user's roles.",
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    userId: t.exposeID('userId'),
    user: t.field({
      type: UserRef,
      nullable: true,
      resolve: (k, _args, ctx) => (k.user !== undefined ? k.user : userById(ctx.services, k.tenantId, k.userId)),
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    rotatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.rotatedAt ?? null }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt ?? null }),
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
  t.withAuth({ admin: true }).field({
    type: CreateApiKeyPayload,
    description: "Admins issue keys bound to a user; the key acts with that user's roles.",
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    errors: { types: [NotFoundError] },
    resolve: async (_root, { input }, ctx) => {
      const { viewer } = ctx;
      const userId = String(input.userId);
      await mustBeUser(ctx.services, { tenantId: viewer.tenantId, id: userId, pointer: '/userId' });
      return issueApiKey({ models: ctx.services.models, tenantId: viewer.tenantId, userId, name: input.name });
    },
  }),
);

builder.queryField('apiKeys', (t) =>
  t.withAuth({ admin: true }).connection({
    type: ApiKeyRef,
    description: "Admins list the tenant's keys, revoked ones too (revokedAt), oldest first; never their secrets.",
    resolve: async (_root, args, ctx) => {
      const { tenantId } = ctx.viewer;
      return idCursorPage<ApiKeyNode, ApiKeyNode>({ list: 'apiKeys', args, fetch: (page) => apiKeysPage(ctx.services, tenantId, page), map: (key) => key });
    },
  }),
);

const ApiKeyIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

const RevokeApiKeyPayload = builder.objectRef<{ key: ApiKeyDoc; alreadyRevoked: boolean }>('RevokeApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.key }),
    alreadyRevoked: t.exposeBoolean('alreadyRevoked', { description: 'True when the key was revoked before this call; nothing changed then.' }),
  }),
});

builder.mutationField('revokeApiKey', (t) =>
  t.withAuth({ admin: true }).field({
    type: RevokeApiKeyPayload,
    description: 'Admins revoke a key: refused at once by this process, by every api process within keyRevocationPollMs. Idempotent.',
    args: { input: t.arg({ type: ApiKeyIdInput('RevokeApiKeyInput'), required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, { input }, ctx) => {
      const { tenantId } = ctx.viewer;
      return revokeApiKey({ models: ctx.services.models, credentialCache: ctx.services.credentialCache, tenantId, id: String(input.id) });
    },
  }),
);

const RotateApiKeyPayload = builder.objectRef<{ key: ApiKeyDoc; token: string }>('RotateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.key }),
    token: t.exposeString('token', { description: 'The new secret, shown once; the old one is refused like a revoked key.' }),
  }),
});

builder.mutationField('rotateApiKey', (t) =>
  t.withAuth({ admin: true }).field({
    type: RotateApiKeyPayload,
    description: 'Admins give a key a new secret (same id, name and user); the old secret stops working as a revoked key does.',
    args: { input: t.arg({ type: ApiKeyIdInput('RotateApiKeyInput'), required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError] },
    resolve: (_root, { input }, ctx) => {
      const { tenantId } = ctx.viewer;
      return rotateApiKey({ models: ctx.services.models, credentialCache: ctx.services.credentialCache, tenantId, id: String(input.id) });
    },
  }),
);

import type { GraphQLResolveInfo } from 'graphql/index.js';
import { callerScope, KEY_ACCESS, rootOperations, scopeOf, shownScope } from '../auth/key-scope';
import type { SignedInContext } from '../context';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { ApiKeyDoc, Integration } from '../models/api-key';
import type { UserDoc } from '../models/user';
import { auditActorOf } from '../services/admin-audit';
import { createApiKey } from '../services/create-api-key';
import { apiKeysPage, userById, type ListedApiKey } from '../services/directory';
import { revokeApiKey } from '../services/revoke-api-key';
import { rotateApiKey } from '../services/rotate-api-key';
import { builder } from './builder';
import { RoleEnum } from './error-types';
import { idCursorPage } from './id-cursor-page';
import { UserRef } from './user';

type ApiKeyNode = ListedApiKey;

/** Who makes or rotates a key, as the key services need it: the tenant, the actor, the caller's own scope, the api's operations. */
const keyCaller = (ctx: SignedInContext, info: GraphQLResolveInfo) => ({
  tenantId: ctx.viewer.tenantId,
  actor: auditActorOf(ctx.viewer),
  callerScope: callerScope(ctx.viewer),
  known: rootOperations(info.schema),
});

const ApiKeyAccessEnum = builder.enumType('ApiKeyAccess', {
  description:
    "full: whatever its owner's roles allow; read_only: queries and subscriptions only; operations: only the root fields named in its scope's operations.",
  values: KEY_ACCESS,
});

const ApiKeyScopeRef = builder.objectRef<ReturnType<typeof shownScope>>('ApiKeyScope').implement({
  description: "What a key may call; its owner's roles still decide within it. A request asking for anything else is refused whole (FORBIDDEN).",
  fields: (t) => ({
    access: t.field({ type: ApiKeyAccessEnum, resolve: (s) => s.access }),
    operations: t.stringList({
      description: 'The root fields (of Query, Mutation, Subscription) the key may call; empty unless access is operations.',
      resolve: (s) => [...s.operations],
    }),
  }),
});

const IntegrationRef = builder.objectRef<Integration>('Integration').implement({
  description: 'An app that holds keys of its own: they act with its roles, whoever made them, and outlive any person leaving.',
  fields: (t) => ({
    name: t.exposeString('name'),
    roles: t.field({ type: [RoleEnum], resolve: (i) => i.roles }),
  }),
});

const ApiKeyOwnerRef = builder.unionType('ApiKeyOwner', {
  description: 'Whom a key belongs to: a user (it acts with their roles and stops when they are deactivated) or an integration.',
  types: [UserRef, IntegrationRef],
  resolveType: (owner) => ('_id' in owner ? UserRef : IntegrationRef),
});

/** The key's user: as read with its page, or read now. */
const keyUser = (k: ApiKeyNode, services: Parameters<typeof userById>[0]): Promise<UserDoc | null> | UserDoc | null =>
  k.user !== undefined ? k.user : k.userId ? userById(services, k.tenantId, k.userId) : null;

const ApiKeyRef = builder.objectRef<ApiKeyNode>('ApiKey').implement({
  description: "An API key; the secret itself is never shown again after creation (or rotation). It acts with its owner's roles, within its scope.",
  fields: (t) => ({
    id: t.exposeID('_id'),
    name: t.exposeString('name'),
    userId: t.id({ nullable: true, description: "The user the key acts as; null for an integration's key.", resolve: (k) => k.userId ?? null }),
    user: t.field({ type: UserRef, nullable: true, resolve: (k, _args, ctx) => keyUser(k, ctx.services) }),
    owner: t.field({
      type: ApiKeyOwnerRef,
      nullable: true,
      description: 'The user or integration the key belongs to.',
      resolve: (k, _args, ctx) => k.integration ?? keyUser(k, ctx.services),
    }),
    scope: t.field({ type: ApiKeyScopeRef, resolve: (k) => shownScope(scopeOf(k.scope)) }),
    createdById: t.id({
      nullable: true,
      description: 'Who made the key: a user, or the key of an integration that made it; null for keys made before this was kept.',
      resolve: (k) => k.createdBy ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    rotatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.rotatedAt ?? null }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt ?? null }),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the key last authenticated a request (to within FUNNEL_KEY_LAST_USED_INTERVAL_MS); null if never.',
      resolve: (k) => k.lastUsedAt ?? null,
    }),
  }),
});

const CreateApiKeyPayload = builder.objectRef<{ key: ApiKeyDoc; token: string }>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.key }),
    token: t.exposeString('token', { description: 'The secret, shown once: send it as "Authorization: Bearer <token>".' }),
  }),
});

const IntegrationInput = builder.inputType('IntegrationInput', {
  description: 'An app that holds keys of its own, with the roles they act with.',
  fields: (t) => ({ name: t.string({ required: true }), roles: t.field({ type: [RoleEnum], required: true }) }),
});

const ApiKeyScopeInput = builder.inputType('ApiKeyScopeInput', {
  fields: (t) => ({
    access: t.field({ type: ApiKeyAccessEnum, required: true }),
    operations: t.stringList({ description: 'With access operations: the root fields the key may call (record, transitionRecord, …).' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  description: 'A key for a user (userId) or an integration, not both; without a scope it is full.',
  fields: (t) => ({
    userId: t.id(),
    integration: t.field({ type: IntegrationInput }),
    name: t.string({ required: true }),
    scope: t.field({ type: ApiKeyScopeInput }),
  }),
});

builder.mutationField('createApiKey', (t) =>
  t.withAuth({ admin: true }).field({
    type: CreateApiKeyPayload,
    description: "Admins issue keys for a user (acting with the user's roles) or an integration (with its own roles), scoped or full.",
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError] },
    resolve: (_root, { input }, ctx, info) =>
      createApiKey(ctx.services, {
        ...keyCaller(ctx, info),
        name: input.name,
        userId: input.userId ? String(input.userId) : null,
        integration: input.integration ?? null,
        scope: input.scope ?? null,
      }),
  }),
);

builder.queryField('apiKeys', (t) =>
  t.withAuth({ admin: true }).connection({
    type: ApiKeyRef,
    description: "Admins list the tenant's keys, revoked ones too (revokedAt), oldest first, with owner, scope and lastUsedAt; never their secrets.",
    resolve: async (_root, args, ctx) => {
      const { tenantId } = ctx.viewer;
      return idCursorPage<ApiKeyNode, ApiKeyNode>({ list: 'apiKeys', args, fetch: (page) => apiKeysPage(ctx.services, tenantId, page), map: (key) => key });
    },
  }),
);

builder.queryField('apiKeyOperations', (t) =>
  t.withAuth({ admin: true }).stringList({
    description: 'The operations a key of access "operations" may be limited to: the root fields of Query, Mutation and Subscription, sorted.',
    resolve: (_root, _args, _ctx, info) => [...rootOperations(info.schema).all].sort(),
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
    resolve: (_root, { input }, ctx) => revokeApiKey(ctx.services, { tenantId: ctx.viewer.tenantId, id: String(input.id), actor: auditActorOf(ctx.viewer) }),
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
    description: 'Admins give a key a new secret (same id, name, owner and scope); the old secret stops working as a revoked key does.',
    args: { input: t.arg({ type: ApiKeyIdInput('RotateApiKeyInput'), required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError] },
    resolve: (_root, { input }, ctx, info) => rotateApiKey(ctx.services, { ...keyCaller(ctx, info), id: String(input.id) }),
  }),
);

import { NotFoundError, ValidationFailedError } from '../errors';
import type { WebhookDeliveryDoc } from '../models/webhook-delivery';
import type { WebhookEndpointDoc } from '../models/webhook-endpoint';
import { auditActorOf } from '../services/admin-audit';
import { deliveriesPage, redeliver } from '../services/webhook-deliveries';
import { WEBHOOK_EVENT_TYPES } from '../services/webhook-events';
import { builder } from './builder';
import { idCursorPage } from './id-cursor-page';

const WebhookEndpointRef = builder.objectRef<WebhookEndpointDoc>('WebhookEndpoint').implement({
  description: "Where the tenant's app hears of events, signed as Standard Webhooks say (docs/webhooks.md). The secret is shown only when made or rotated.",
  fields: (t) => ({
    id: t.exposeID('_id'),
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    events: t.stringList({ description: `The event types it receives, of: ${WEBHOOK_EVENT_TYPES.join(', ')}.`, resolve: (e) => e.events }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.string({
      nullable: true,
      description: 'admin: an admin disabled it; failing: Funnel did, after every attempt failed for the whole retry window.',
      resolve: (e) => e.disabledReason ?? null,
    }),
    disabledAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.disabledAt ?? null }),
    failingSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Since when every attempt has failed; null once one succeeds.',
      resolve: (e) => e.failingSince ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (e) => e.updatedAt }),
  }),
});

const WebhookEndpointSecretPayload = builder.objectRef<WebhookEndpointDoc>('WebhookEndpointSecretPayload').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, resolve: (e) => e }),
    secret: t.exposeString('secret', { description: 'The signing secret (whsec_…), shown now only: verify requests with any Standard Webhooks library.' }),
  }),
});

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'paused'] as const;
const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description:
    'pending: due or waiting to be tried again; delivered; failed: given up (retry window passed, or endpoint deleted); paused: its endpoint is disabled.',
  values: DELIVERY_STATUSES,
});

const WebhookDeliveryRef = builder.objectRef<WebhookDeliveryDoc>('WebhookDelivery').implement({
  description: 'One event on its way to one endpoint; its id is the webhook-id the receiver sees on every attempt.',
  fields: (t) => ({
    id: t.exposeID('_id'),
    endpointId: t.exposeID('endpointId'),
    eventId: t.exposeID('eventId'),
    eventType: t.exposeString('eventType'),
    recordId: t.exposeID('recordId'),
    status: t.field({ type: WebhookDeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => (d.status === 'pending' ? d.nextAttemptAt : null) }),
    lastAttemptAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.lastAttemptAt ?? null }),
    responseCode: t.int({
      nullable: true,
      description: "The last attempt's HTTP status (null when no answer came).",
      resolve: (d) => d.lastStatusCode ?? null,
    }),
    error: t.string({ nullable: true, description: 'Why the last attempt failed, in words.', resolve: (d) => d.lastError ?? null }),
    responseExcerpt: t.string({ nullable: true, description: 'The first 500 characters of the last answer, no more.', resolve: (d) => d.lastExcerpt ?? null }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt ?? null }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.withAuth({ admin: true }).field({
    type: [WebhookEndpointRef],
    description: "Admins list the tenant's webhook endpoints, oldest first.",
    resolve: (_root, _args, ctx) => ctx.services.webhookEndpoints.list(ctx.viewer.tenantId),
  }),
);

builder.queryField('webhookEventTypes', (t) =>
  t.withAuth({ admin: true }).stringList({
    description: 'The event types an endpoint may receive (docs/webhooks.md "Events"), in the order the docs list them: what an admin picks from.',
    resolve: () => [...WEBHOOK_EVENT_TYPES],
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.withAuth({ admin: true }).connection({
    type: WebhookDeliveryRef,
    description: "An endpoint's delivery log, newest first: status, attempts, response code, next attempt.",
    args: { endpointId: t.arg.id({ required: true }), status: t.arg({ type: WebhookDeliveryStatusEnum }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, args, ctx) =>
      idCursorPage<WebhookDeliveryDoc, WebhookDeliveryDoc>({
        list: 'webhookDeliveries',
        args,
        newestFirst: true,
        fetch: (page) =>
          deliveriesPage(ctx.services, { tenantId: ctx.viewer.tenantId, endpointId: String(args.endpointId), status: args.status ?? null, page }),
        map: (d) => d,
      }),
  }),
);

const CreateWebhookEndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'https://… (http too); loopback, private and link-local addresses are refused.' }),
    events: t.stringList({ required: true, description: `Of: ${WEBHOOK_EVENT_TYPES.join(', ')}.` }),
    description: t.string(),
  }),
});

const UpdateWebhookEndpointInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'What to change; what is left out stays. Enabling a disabled endpoint sends what waited for it.',
  fields: (t) => ({ id: t.id({ required: true }), url: t.string(), events: t.stringList(), description: t.string(), enabled: t.boolean() }),
});

const WebhookEndpointIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

builder.mutationField('createWebhookEndpoint', (t) =>
  t.withAuth({ admin: true }).field({
    type: WebhookEndpointSecretPayload,
    description: 'Admins add an endpoint: it receives the events of the types named that are logged from now on.',
    args: { input: t.arg({ type: CreateWebhookEndpointInput, required: true }) },
    errors: { types: [ValidationFailedError] },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhookEndpoints.create({ tenantId: ctx.viewer.tenantId, actor: auditActorOf(ctx.viewer), endpoint: input }),
  }),
);

builder.mutationField('updateWebhookEndpoint', (t) =>
  t.withAuth({ admin: true }).field({
    type: WebhookEndpointRef,
    args: { input: t.arg({ type: UpdateWebhookEndpointInput, required: true }) },
    errors: { types: [NotFoundError, ValidationFailedError] },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhookEndpoints.update({ tenantId: ctx.viewer.tenantId, actor: auditActorOf(ctx.viewer), id: String(input.id), endpoint: input }),
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.withAuth({ admin: true }).field({
    type: WebhookEndpointRef,
    description: 'Admins delete an endpoint: nothing more is sent to it, and what waited for it is given up.',
    args: { input: t.arg({ type: WebhookEndpointIdInput('DeleteWebhookEndpointInput'), required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhookEndpoints.delete({ tenantId: ctx.viewer.tenantId, actor: auditActorOf(ctx.viewer), id: String(input.id) }),
  }),
);

builder.mutationField('rotateWebhookSecret', (t) =>
  t.withAuth({ admin: true }).field({
    type: WebhookEndpointSecretPayload,
    description: 'Admins give an endpoint a new signing secret, used from its next attempt on.',
    args: { input: t.arg({ type: WebhookEndpointIdInput('RotateWebhookSecretInput'), required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhookEndpoints.rotateSecret({ tenantId: ctx.viewer.tenantId, actor: auditActorOf(ctx.viewer), id: String(input.id) }),
  }),
);

builder.mutationField('redeliverWebhook', (t) =>
  t.withAuth({ admin: true }).field({
    type: WebhookDeliveryRef,
    description: "Admins send a delivery again (delivered or given up): it is due at once, with its webhook-id, in its place in its record's order.",
    args: { input: t.arg({ type: WebhookEndpointIdInput('RedeliverWebhookInput'), required: true }) },
    errors: { types: [NotFoundError] },
    resolve: (_root, { input }, ctx) => redeliver(ctx.services, { tenantId: ctx.viewer.tenantId, id: String(input.id) }),
  }),
);

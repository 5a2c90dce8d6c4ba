import type { Diagnostic } from '@funnel/schemas';
import { LRUCache } from 'lru-cache';
import { type AdminChange, type AuditActor, auditRecord } from '../accounts/admin-changes';
import type { ApiConfig } from '../config';
import { NotFoundError, ValidationFailedError } from '../errors';
import type { Models } from '../models/models';
import type { WebhookEndpointDoc } from '../models/webhook-endpoint';
import { checkWebhookUrl } from '../webhooks/outbound-address';
import { newWebhookSecret } from '../webhooks/webhook-secret';
import type { AdminAudit } from './admin-audit';
import { newId } from './create-tenant';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';

/** Most endpoints one tenant may have: more is a sign of a loop in whatever makes them. */
const MAX_WEBHOOK_ENDPOINTS = 20;
/** Tenants whose endpoints one process keeps. */
const CACHED_TENANTS = 10_000;

/** What an admin sets on an endpoint; an update names only what it changes. */
export interface WebhookEndpointInput {
  url?: string | null;
  events?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

const problem = (code: string, pointer: string, message: string): Diagnostic => ({ severity: 'error', code, pointer, message });

/** The problems of what an admin sets, every one at once, and the values to store. */
function checked(input: WebhookEndpointInput, allowedHosts: readonly string[]): { url?: string; events?: string[]; description?: string } {
  const problems: Diagnostic[] = [];
  const out: { url?: string; events?: string[]; description?: string } = {};
  if (input.url != null) {
    const url = checkWebhookUrl(input.url.trim(), allowedHosts);
    if (url.ok) out.url = url.url.href;
    else problems.push(problem('invalid_url', '/url', url.message));
  }
  if (input.events != null) {
    const events = [...new Set(input.events)];
    if (events.length === 0) problems.push(problem('required', '/events', `name the event types to send, of: ${WEBHOOK_EVENT_TYPES.join(', ')}`));
    events.forEach((type, i) => {
      if (!WEBHOOK_EVENT_TYPES.includes(type))
        problems.push(problem('unknown_event_type', `/events/${i}`, `"${type}" is no event type; use one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`));
    });
    out.events = events;
  }
  if (input.description != null) out.description = input.description.trim();
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return out;
}

/** The fields of an endpoint the audit log shows (never its secret). */
const shown = (endpoint: Pick<WebhookEndpointDoc, 'url' | 'events' | 'description' | 'enabled'>) =>
  auditRecord({ url: endpoint.url, events: endpoint.events, description: endpoint.description, enabled: endpoint.enabled });

/**
 * A tenant's webhook endpoints: what admins make, change, rotate and delete (each written with its audit entry), and
 * the enabled ones the drainer sends each logged event to, kept per process for `webhookEndpointsTtlMs` (a change
 * made here is seen here at once; in other processes within that time).
 * @example const { endpoint, secret } = await endpoints.create({ tenantId, actor, input: { url, events: ['record.transitioned'] } })
 */
export class WebhookEndpoints {
  private readonly enabled: LRUCache<string, WebhookEndpointDoc[]>;

  constructor(private readonly input: { models: Models; audit: AdminAudit; config: Pick<ApiConfig, 'webhookEndpointsTtlMs' | 'webhookAllowedHosts'> }) {
    this.enabled = new LRUCache({ max: CACHED_TENANTS, ttl: Math.max(1, input.config.webhookEndpointsTtlMs) });
  }

  /** The tenant's enabled endpoints (as of at most `webhookEndpointsTtlMs` ago). */
  async enabledOf(tenantId: string): Promise<WebhookEndpointDoc[]> {
    const held = this.enabled.get(tenantId);
    if (held) return held;
    const endpoints = await this.input.models.WebhookEndpoint.find({ tenantId, enabled: true, deletedAt: null }).lean();
    this.enabled.set(tenantId, endpoints);
    return endpoints;
  }

  /** The tenant's endpoints, oldest first (deleted ones are gone). */
  list(tenantId: string): Promise<WebhookEndpointDoc[]> {
    return this.input.models.WebhookEndpoint.find({ tenantId, deletedAt: null }).sort({ createdAt: 1, _id: 1 }).lean();
  }

  /** One endpoint of the tenant, or NOT_FOUND at `pointer`. */
  async get(tenantId: string, id: string, pointer = '/id'): Promise<WebhookEndpointDoc> {
    const endpoint = await this.input.models.WebhookEndpoint.findOne({ tenantId, _id: id, deletedAt: null }).lean();
    if (!endpoint) throw new NotFoundError({ what: 'webhook endpoint', id, pointer });
    return endpoint;
  }

  /** A new endpoint, enabled, with a new secret (returned here and by `rotateSecret` only). */
  async create(input: { tenantId: string; actor: AuditActor; endpoint: WebhookEndpointInput }): Promise<WebhookEndpointDoc> {
    const { tenantId, actor } = input;
    const values = checked({ ...input.endpoint, events: input.endpoint.events ?? [] }, this.input.config.webhookAllowedHosts);
    if (!values.url) throw new ValidationFailedError([problem('required', '/url', 'give the URL Funnel posts events to (https://…)')]);
    const count = await this.input.models.WebhookEndpoint.countDocuments({ tenantId, deletedAt: null });
    if (count >= MAX_WEBHOOK_ENDPOINTS)
      throw new ValidationFailedError([problem('too_many', '/url', `a workspace has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints; delete one first`)]);
    const now = new Date();
    const doc = {
      _id: newId(),
      tenantId,
      url: values.url,
      events: values.events ?? [],
      description: values.description ?? '',
      secret: newWebhookSecret(),
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      deletedAt: null,
      createdAt: now,
      createdBy: actor.userId ?? actor.keyId ?? '',
      updatedAt: now,
    };
    const change = { action: 'webhook_endpoint_created' as const, targetType: 'webhook_endpoint' as const, targetId: doc._id, before: null, after: shown(doc) };
    await this.input.audit.write({
      tenantId,
      actor,
      change,
      holder: { model: 'WebhookEndpoint', id: doc._id },
      write: async (pending) => {
        await this.input.models.WebhookEndpoint.create({ ...doc, ...pending.field });
        return doc;
      },
    });
    this.enabled.delete(tenantId);
    return doc as WebhookEndpointDoc;
  }

  /**
   * Changes what an admin names. Enabling a disabled endpoint sends what waited for it (oldest first per record);
   * disabling holds its deliveries (`paused`) until it is enabled again.
   */
  async update(input: { tenantId: string; actor: AuditActor; id: string; endpoint: WebhookEndpointInput }): Promise<WebhookEndpointDoc> {
    const { tenantId, actor, id } = input;
    const before = await this.get(tenantId, id);
    const values = checked(input.endpoint, this.input.config.webhookAllowedHosts);
    const enabled = input.endpoint.enabled ?? before.enabled;
    const set: Record<string, unknown> = { ...values, enabled, updatedAt: new Date() };
    if (enabled !== before.enabled)
      Object.assign(set, enabled ? { disabledReason: null, disabledAt: null, failingSince: null } : { disabledReason: 'admin', disabledAt: new Date() });
    const after = { ...before, ...set } as WebhookEndpointDoc;
    const written = await this.audited({ tenantId, actor, id, action: 'webhook_endpoint_updated', before: shown(before), after: shown(after), set });
    if (enabled !== before.enabled) await this.holdOrResume(tenantId, id, enabled);
    this.enabled.delete(tenantId);
    return written;
  }

  /** Deletes an endpoint: nothing more is sent to it, and what waited for it is given up. */
  async delete(input: { tenantId: string; actor: AuditActor; id: string }): Promise<WebhookEndpointDoc> {
    const { tenantId, actor, id } = input;
    const before = await this.get(tenantId, id);
    const set = { deletedAt: new Date(), enabled: false };
    const written = await this.audited({ tenantId, actor, id, action: 'webhook_endpoint_deleted', before: shown(before), after: null, set });
    await this.input.models.WebhookDelivery.updateMany(
      { tenantId, endpointId: id, status: { $in: ['pending', 'paused'] } },
      { $set: { status: 'failed', lastError: 'the endpoint was deleted' } },
    );
    this.enabled.delete(tenantId);
    return written;
  }

  /** A new secret for an endpoint, used from its next attempt on; returned once. */
  rotateSecret(input: { tenantId: string; actor: AuditActor; id: string }): Promise<WebhookEndpointDoc> {
    const set = { secret: newWebhookSecret(), updatedAt: new Date() };
    return this.audited({ ...input, action: 'webhook_secret_rotated', before: null, after: null, set });
  }

  /** One change of a live endpoint, written with its audit entry (NOT_FOUND when it is gone); the endpoint after it. */
  private async audited(input: {
    tenantId: string;
    actor: AuditActor;
    id: string;
    action: 'webhook_endpoint_updated' | 'webhook_endpoint_deleted' | 'webhook_secret_rotated';
    before: AdminChange['before'];
    after: AdminChange['after'];
    set: Record<string, unknown>;
  }): Promise<WebhookEndpointDoc> {
    const { tenantId, id } = input;
    const written = await this.input.audit.write({
      tenantId,
      actor: input.actor,
      change: { action: input.action, targetType: 'webhook_endpoint', targetId: id, before: input.before, after: input.after },
      holder: { model: 'WebhookEndpoint', id },
      write: (pending) =>
        this.input.models.WebhookEndpoint.findOneAndUpdate(
          { tenantId, _id: id, deletedAt: null },
          { $set: input.set, ...pending.push },
          { returnDocument: 'after' },
        ).lean(),
    });
    if (!written) throw new NotFoundError({ what: 'webhook endpoint', id, pointer: '/id' });
    this.enabled.delete(tenantId);
    return written;
  }

  /**
   * Funnel disables an endpoint that failed for the whole retry window (if it is still failing since `failingSince`);
   * true when this call disabled it. Its deliveries wait until an admin enables it.
   */
  async disableFailing(input: { tenantId: string; id: string; failingSince: Date }): Promise<boolean> {
    const { tenantId, id } = input;
    const disabled = await this.input.models.WebhookEndpoint.updateOne(
      { tenantId, _id: id, enabled: true, deletedAt: null, failingSince: input.failingSince },
      { $set: { enabled: false, disabledReason: 'failing', disabledAt: new Date() } },
    );
    if (disabled.modifiedCount === 0) return false;
    await this.holdOrResume(tenantId, id, false);
    this.enabled.delete(tenantId);
    return true;
  }

  private async holdOrResume(tenantId: string, endpointId: string, enabled: boolean): Promise<void> {
    await this.input.models.WebhookDelivery.updateMany(
      { tenantId, endpointId, status: enabled ? 'paused' : 'pending' },
      { $set: enabled ? { status: 'pending', nextAttemptAt: new Date() } : { status: 'paused' } },
    );
  }
}

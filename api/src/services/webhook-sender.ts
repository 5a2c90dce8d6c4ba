import { randomUUID } from 'node:crypto';
import type { ApiConfig } from '../config';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { TenantBulkWriter, TenantWrite } from '../models/tenant-bulk-writer';
import type { WebhookDeliveryDoc } from '../models/webhook-delivery';
import type { WebhookEndpointDoc } from '../models/webhook-endpoint';
import { sendWebhook, type WebhookOutcome } from '../webhooks/send-webhook';
import { nextAttemptAt } from './delivery-retry';
import { NO_LEASE } from './delivery-fan-out';
import { groupBy } from './group-by';
import type { WebhookEndpoints } from './webhook-endpoints';
import { webhookBody } from './webhook-events';

/** Most deliveries one round reads as due. */
const ROUND_MAX = 500;
/** Redirects one attempt follows (each checked like the first address). */
const MAX_REDIRECTS = 3;
/** Characters of a receiver's answer kept with the delivery. */
const EXCERPT_CHARS = 500;

/** The filter of a delivery this process holds the lease of. */
type Mine = { tenantId: string; _id: string; leaseOwner: string; status: 'pending' };

type Due = Pick<WebhookDeliveryDoc, '_id' | 'tenantId' | 'endpointId' | 'eventId' | 'lane' | 'attempts' | 'createdAt'>;

/**
 * Sends webhook deliveries that are due, in every process at once. A delivery is sent only when it heads its lane
 * (its endpoint and record: the pending delivery with the smallest event id), and only by the process whose
 * conditional write claimed it (a lease of twice the attempt's timeout, so a process that died frees it): one
 * record's events reach an endpoint one at a time, in commit order, and a failing one holds back only its own
 * record's later events. Each process sends at most `webhookConcurrency` requests to one endpoint at once.
 * A failure is tried again with backoff over the retry window (services/delivery-retry.ts), with the same
 * `webhook-id` (the delivery's id); an endpoint that failed for the whole window is disabled and the tenant's
 * admins are told (`onDisabled`).
 * @example const sender = new WebhookSender({ models, writer, endpoints, config, log, onDisabled }); sender.start()
 */
export class WebhookSender {
  private readonly owner = randomUUID();
  private readonly inFlight = new Map<string, number>();
  private readonly sending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<number> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly input: {
      models: Models;
      writer: TenantBulkWriter;
      endpoints: WebhookEndpoints;
      config: Pick<
        ApiConfig,
        | 'deliveryPollMs'
        | 'deliveryRetryBaseMs'
        | 'deliveryRetryMaxDelayMs'
        | 'deliveryRetryWindowMs'
        | 'webhookTimeoutMs'
        | 'webhookConcurrency'
        | 'webhookAllowedHosts'
      >;
      log: (line: string) => void;
      onDisabled: (endpoint: WebhookEndpointDoc, lastError: string | null) => Promise<void>;
    },
  ) {}

  /** Looks for due deliveries every `deliveryPollMs` (0: never; tests call `runDue`). */
  start(): void {
    if (this.input.config.deliveryPollMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.arm(0);
  }

  /** Stops looking and waits for the requests in flight to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
    await Promise.all(this.sending);
  }

  /** Something new is due here: look at once (soon after the running round). */
  wake(): void {
    if (this.stopped) return;
    if (this.round) this.again = true;
    else this.arm(0);
  }

  /** One round: claims what is due and sends it, resolving once those requests ended; how many it sent. */
  async runDue(): Promise<number> {
    const sent = await this.claimAndSend();
    await Promise.all(this.sending);
    return sent;
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.round = this.claimAndSend()
        .catch((error: Error) => {
          this.input.log(`sending webhooks failed (they stay due for the next round): ${error.message}`);
          return 0;
        })
        .finally(() => {
          this.round = null;
          if (this.stopped) return;
          const again = this.again;
          this.again = false;
          this.arm(again ? 0 : this.input.config.deliveryPollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Reads what is due, keeps the lane heads with room at their endpoint, claims them and starts their requests. */
  private async claimAndSend(): Promise<number> {
    const now = new Date();
    const collection = this.input.models.WebhookDelivery.collection;
    // Across tenants on purpose, like the sweeper's scan: each delivery names its tenant.
    const due = (await collection
      .find({ status: 'pending', nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } } as never, {
        projection: { tenantId: 1, endpointId: 1, eventId: 1, lane: 1, attempts: 1, createdAt: 1 },
      })
      .sort({ nextAttemptAt: 1 })
      .limit(ROUND_MAX)
      .toArray()) as unknown as Due[];
    if (due.length === 0) return 0;
    const heads = await this.laneHeads([...new Set(due.map((d) => d.lane))]);
    const room = new Map<string, number>();
    const ready = due.filter((d) => {
      if (heads.get(d.lane) !== d._id) return false;
      const left = room.get(d.endpointId) ?? this.input.config.webhookConcurrency - (this.inFlight.get(d.endpointId) ?? 0);
      room.set(d.endpointId, left - 1);
      return left > 0;
    });
    const claimed = await this.claim(ready, now);
    if (claimed.length === 0) return 0;
    const [events, endpoints] = await Promise.all([this.eventsOf(claimed), this.endpointsOf(claimed)]);
    for (const delivery of claimed) {
      const endpoint = endpoints.get(delivery.endpointId);
      const event = events.get(delivery.eventId);
      this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 0) + 1);
      const sending: Promise<void> = this.send(delivery, endpoint, event)
        .catch((error: Error) =>
          this.input.log(`webhook delivery ${delivery._id} failed to complete (its lease runs out, then it is sent again): ${error.message}`),
        )
        .finally(() => {
          this.sending.delete(sending);
          this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 1) - 1);
          this.wake();
        });
      this.sending.add(sending);
    }
    return claimed.length;
  }

  /** Each lane's head: its pending delivery (claimed or not) with the smallest id. */
  private async laneHeads(lanes: string[]): Promise<Map<string, string>> {
    const pending = (await this.input.models.WebhookDelivery.collection
      .find({ lane: { $in: lanes }, status: 'pending' } as never, { projection: { lane: 1 } })
      .toArray()) as unknown as { _id: string; lane: string }[];
    const heads = new Map<string, string>();
    for (const { _id, lane } of pending) {
      const head = heads.get(lane);
      if (head === undefined || _id < head) heads.set(lane, _id);
    }
    return heads;
  }

  /** Claims deliveries with one conditional write each, in one command; the ones this process now holds. */
  private async claim(ready: Due[], now: Date): Promise<Due[]> {
    if (ready.length === 0) return [];
    const leaseUntil = new Date(now.getTime() + 2 * this.input.config.webhookTimeoutMs + 1000);
    const collection = this.input.models.WebhookDelivery.collection.collectionName;
    const outcomes = await this.input.writer.write(
      ready.map(
        (d): TenantWrite => ({
          type: 'update',
          collection,
          tenantId: d.tenantId,
          filter: { _id: d._id, status: 'pending', leaseUntil: { $lte: now } },
          update: { $set: { leaseUntil, leaseOwner: this.owner } },
        }),
      ),
    );
    return ready.filter((_, i) => {
      const outcome = outcomes[i];
      return outcome?.ok === true && outcome.n === 1;
    });
  }

  private async eventsOf(deliveries: Due[]): Promise<Map<string, EventDoc>> {
    const found = new Map<string, EventDoc>();
    for (const [tenantId, ofTenant] of groupBy(deliveries, (d) => d.tenantId)) {
      const events = await this.input.models.Event.find({ tenantId, _id: { $in: ofTenant.map((d) => d.eventId) } }).lean();
      for (const event of events) found.set(event._id, event as EventDoc);
    }
    return found;
  }

  private async endpointsOf(deliveries: Due[]): Promise<Map<string, WebhookEndpointDoc>> {
    const found = new Map<string, WebhookEndpointDoc>();
    for (const [tenantId, ofTenant] of groupBy(deliveries, (d) => d.tenantId)) {
      const endpoints = await this.input.models.WebhookEndpoint.find({ tenantId, _id: { $in: [...new Set(ofTenant.map((d) => d.endpointId))] } }).lean();
      for (const endpoint of endpoints) found.set(endpoint._id, endpoint);
    }
    return found;
  }

  /** One attempt, and its outcome written under this process's lease. */
  private async send(delivery: Due, endpoint: WebhookEndpointDoc | undefined, event: EventDoc | undefined): Promise<void> {
    const { models } = this.input;
    const mine: Mine = { tenantId: delivery.tenantId, _id: delivery._id, leaseOwner: this.owner, status: 'pending' };
    if (!endpoint || endpoint.deletedAt || !event) {
      const lastError = !event ? `event ${delivery.eventId} is not in the log` : 'the endpoint was deleted';
      await models.WebhookDelivery.updateOne(mine, { $set: { status: 'failed', lastError, leaseUntil: NO_LEASE } });
      return;
    }
    if (!endpoint.enabled) {
      await models.WebhookDelivery.updateOne(mine, { $set: { status: 'paused', leaseUntil: NO_LEASE } });
      return;
    }
    const now = new Date();
    const { config } = this.input;
    const outcome = await sendWebhook({
      url: endpoint.url,
      webhookId: delivery._id,
      timestamp: now,
      body: webhookBody(event),
      secret: endpoint.secret,
      timeoutMs: config.webhookTimeoutMs,
      allowedHosts: config.webhookAllowedHosts,
      maxRedirects: MAX_REDIRECTS,
      excerptChars: EXCERPT_CHARS,
    });
    await this.complete({ delivery, endpoint, outcome, at: now, mine });
  }

  private async complete(input: { delivery: Due; endpoint: WebhookEndpointDoc; outcome: WebhookOutcome; at: Date; mine: Mine }): Promise<void> {
    const { delivery, endpoint, outcome, at, mine } = input;
    const { models, config } = this.input;
    const attempt = { lastAttemptAt: at, lastStatusCode: outcome.status, lastExcerpt: outcome.excerpt, leaseUntil: NO_LEASE };
    if (outcome.ok) {
      await models.WebhookDelivery.updateOne(mine, {
        $set: { ...attempt, status: 'delivered', deliveredAt: new Date(), lastError: null },
        $inc: { attempts: 1 },
      });
      if (endpoint.failingSince) await models.WebhookEndpoint.updateOne({ tenantId: endpoint.tenantId, _id: endpoint._id }, { $set: { failingSince: null } });
      return;
    }
    const next = nextAttemptAt({ attempts: delivery.attempts + 1, firstDueAt: delivery.createdAt, now: new Date(), config });
    const status = next ? {} : { status: 'failed' };
    await models.WebhookDelivery.updateOne(mine, {
      $set: { ...attempt, ...status, lastError: outcome.error, nextAttemptAt: next ?? at },
      $inc: { attempts: 1 },
    });
    await this.failing(endpoint, at, outcome.error);
  }

  /** Marks when an endpoint began failing; one failing for the whole retry window is disabled, and admins told. */
  private async failing(endpoint: WebhookEndpointDoc, at: Date, lastError: string): Promise<void> {
    const { models, config } = this.input;
    if (!endpoint.failingSince) {
      await models.WebhookEndpoint.updateOne({ tenantId: endpoint.tenantId, _id: endpoint._id, failingSince: null }, { $set: { failingSince: at } });
      return;
    }
    if (at.getTime() - endpoint.failingSince.getTime() < config.deliveryRetryWindowMs) return;
    const disabled = await this.input.endpoints.disableFailing({ tenantId: endpoint.tenantId, id: endpoint._id, failingSince: endpoint.failingSince });
    if (disabled) await this.input.onDisabled(endpoint, lastError);
  }
}

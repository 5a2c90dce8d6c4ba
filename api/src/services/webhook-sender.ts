import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ApiConfig } from '../config';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import type { TenantBulkWriter } from '../models/tenant-bulk-writer';
import type { WebhookEndpointDoc } from '../models/webhook-endpoint';
import { sendWebhook, type WebhookOutcome } from '../webhooks/send-webhook';
import { closeWebhookAgents, type WebhookAgents, webhookAgents } from '../webhooks/webhook-agents';
import { nextAttemptAt } from './delivery-retry';
import { NO_LEASE } from './delivery-fan-out';
import { groupBy } from './group-by';
import type { WebhookEndpoints } from './webhook-endpoints';
import { webhookBody } from './webhook-events';
import { type Due, WebhookLanes } from './webhook-lanes';

/** Most deliveries one round reads as due. */
const ROUND_MAX = 500;
/** Deliveries one endpoint may have claimed here per request it may have open: the rest of them wait their turn here. */
const CLAIMED_PER_REQUEST = 16;
/** How soon a round follows one that something woke during (a completion, new deliveries): rounds gather work. */
const ROUND_GAP_MS = 5;
/**
 * How long a delivery waiting for its record's earlier event is left out of the due scan, at most: the earlier one's
 * outcome brings it back at once (`parkedBehind`), this only if that never comes (its process died).
 */
const PARK_MS = 10_000;
/** How many deliveries whose last outcome this process wrote it remembers (the newest), so as never to park behind one. */
const SETTLED_REMEMBERED = 10_000;
/** Redirects one attempt follows (each checked like the first address). */
const MAX_REDIRECTS = 3;
/** Characters of a receiver's answer kept with the delivery. */
const EXCERPT_CHARS = 500;

/** The filter of a delivery this process holds the lease of. */
type Mine = { _id: string; leaseOwner: string; status: 'pending' };

/** A delivery this process claimed: waiting for a free request to its endpoint, or being sent. */
interface Claimed {
  due: Due;
  event: EventDoc | null;
  /** The last moment it may start (Date.now()): later, the attempt could outlive the lease. */
  startBy: number;
}

/** What this process holds for one endpoint: the endpoint as last read, its claimed deliveries waiting, its requests open. */
interface EndpointWork {
  endpoint: WebhookEndpointDoc | undefined;
  waiting: Claimed[];
  open: number;
  /** Deliveries claimed here whose outcome is not written yet (waiting, being sent, or being written). */
  claimed: number;
}

/**
 * Sends webhook deliveries that are due, in every process at once. A delivery is sent only when it heads its lane
 * (its endpoint and record: the pending delivery with the smallest id), and only by the process whose conditional
 * write claimed it (a lease of twice the attempt's timeout plus a second, so a process that died frees it): one
 * record's events reach an endpoint one at a time, in commit order, and a failing one holds back only its own record's
 * later events. A due delivery behind its lane's head is parked (left out of the due scan) until that head's outcome
 * is written. Each process sends at most `webhookConcurrency` requests to one endpoint at once, and claims at most
 * `CLAIMED_PER_REQUEST` times that ahead. A failure is tried again with backoff over the retry window (services/delivery-retry.ts), with the
 * same `webhook-id` (the delivery's id); an endpoint that failed for the whole window is disabled and the tenant's
 * admins are told (`onDisabled`).
 * @example const sender = new WebhookSender({ models, writer, endpoints, config, log, onDisabled }); sender.start()
 */
export class WebhookSender {
  private readonly owner = randomUUID();
  private readonly lanes: WebhookLanes;
  private readonly work = new Map<string, EndpointWork>();
  /** The lanes whose head this process holds (waiting or being sent), and that head's id. */
  private readonly held = new Map<string, string>();
  /**
   * Deliveries whose last outcome this process wrote or is writing: a round that read one as its lane's head just
   * before leaves that lane's next due (parked behind it, the next would wait `PARK_MS`, as the outcome that brings it
   * back may already have landed).
   */
  private readonly settled = new LRUCache<string, true>({ max: SETTLED_REMEMBERED });
  private readonly sending = new Set<Promise<void>>();
  private agents: WebhookAgents | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** When the armed round starts (Date.now()). */
  private timerAt = 0;
  private round: Promise<number> | null = null;
  private again = false;
  private stopped = true;
  /** Set while `stop` waits: nothing more is started (`runDue` sends without `start`). */
  private stopping = false;

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
  ) {
    this.lanes = new WebhookLanes(input);
  }

  /** Looks for due deliveries every `deliveryPollMs` (0: never; tests call `runDue`). */
  start(): void {
    if (this.input.config.deliveryPollMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.arm(0);
  }

  /** Stops looking, waits for the requests in flight to end, and frees what was claimed but not started. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
    await this.idle();
    this.stopping = false;
    const waiting = [...this.work.values()].flatMap((work) =>
      work.waiting.splice(0).map((claimed) => this.release(claimed).finally(() => this.done(work, claimed))),
    );
    await Promise.all(waiting);
    if (this.agents) closeWebhookAgents(this.agents);
    this.agents = null;
  }

  /** Something new is due here: look soon (after the running round). */
  wake(): void {
    if (this.stopped) return;
    if (this.round) this.again = true;
    else if (!this.timer || this.timerAt > Date.now() + ROUND_GAP_MS) this.arm(ROUND_GAP_MS);
  }

  /** One round: claims what is due and sends it, resolving once those requests ended; how many it claimed. */
  async runDue(): Promise<number> {
    const claimed = await this.claimAndSend();
    await this.idle();
    return claimed;
  }

  private async idle(): Promise<void> {
    while (this.sending.size > 0) await Promise.all(this.sending);
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = Date.now() + ms;
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
          this.arm(again ? ROUND_GAP_MS : this.input.config.deliveryPollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** How many deliveries one endpoint may have claimed here at once. */
  private get depth(): number {
    return CLAIMED_PER_REQUEST * this.input.config.webhookConcurrency;
  }

  private workOf(endpointId: string): EndpointWork {
    let work = this.work.get(endpointId);
    if (!work) {
      work = { endpoint: undefined, waiting: [], open: 0, claimed: 0 };
      this.work.set(endpointId, work);
    }
    return work;
  }

  /**
   * Reads what is due (of endpoints with room here), keeps each lane's head, parks the rest, claims the heads in one
   * write and starts as many as each endpoint's requests allow; how many it claimed.
   */
  private async claimAndSend(): Promise<number> {
    const now = new Date();
    const room = new Map([...this.work].map(([id, work]) => [id, this.depth - work.claimed]));
    const full = [...room].filter(([, left]) => left <= 0).map(([id]) => id);
    const free = [...room.values()].reduce((sum, left) => sum + Math.max(0, left), this.depth);
    const due = await this.lanes.due({ now, limit: Math.min(ROUND_MAX, 2 * free), skipEndpoints: full });
    if (due.length === 0) return 0;
    const { heads, behind } = await this.sortOut(due);
    const ready = heads.filter((d) => {
      const left = room.get(d.endpointId) ?? this.depth;
      room.set(d.endpointId, left - 1);
      return left > 0;
    });
    const [claimed] = await Promise.all([this.claim(ready, now), this.park(behind, now), this.refreshEndpoints(ready)]);
    for (const endpointId of new Set(claimed.map((c) => c.due.endpointId))) this.pump(endpointId);
    return claimed.length;
  }

  /**
   * The due deliveries that head their lanes, and the others with the delivery each waits behind: a lane held here is
   * known to have its head here; the heads of the other lanes are read, in one read per tenant.
   */
  private async sortOut(due: Due[]): Promise<{ heads: Due[]; behind: { due: Due; behind: string }[] }> {
    const heads: Due[] = [];
    const behind: { due: Due; behind: string }[] = [];
    const firsts: Due[] = [];
    for (const ofLane of groupBy(due, (d) => d.lane).values()) {
      const [first, ...rest] = ofLane.toSorted((a, b) => (a._id < b._id ? -1 : 1)) as [Due, ...Due[]];
      rest.forEach((d, i) => behind.push({ due: d, behind: (i === 0 ? first : (rest[i - 1] as Due))._id }));
      firsts.push(first);
    }
    const unknown = firsts.filter((first) => !this.held.has(first.lane));
    const read = await Promise.all(
      [...groupBy(unknown, (d) => d.tenantId)].map(([tenantId, ofTenant]) => this.lanes.heads({ tenantId, lanes: ofTenant.map((d) => d.lane) })),
    );
    const headOf = new Map([...this.held, ...read.flatMap((heads) => [...heads])]);
    for (const first of firsts) {
      const head = headOf.get(first.lane);
      if (head === first._id) heads.push(first);
      // Its head is another: held here, being sent elsewhere, or waiting for its next attempt. (None, or one whose outcome
      // this process is writing: it is the head by the next round.)
      else if (head !== undefined && !this.settled.has(head)) behind.push({ due: first, behind: head });
    }
    return { heads, behind };
  }

  /** Claims deliveries with one conditional write each, in one command, and queues the ones this process now holds. */
  private async claim(ready: Due[], now: Date): Promise<Claimed[]> {
    const { webhookTimeoutMs } = this.input.config;
    const leaseUntil = new Date(now.getTime() + 2 * webhookTimeoutMs + 1000);
    const claimed = await Promise.all(
      ready.map(async (due): Promise<Claimed | null> => {
        // The event is read beside the claim (one round trip, not two); a claim another process won wastes its read.
        const [outcome, event] = await Promise.all([
          this.lanes.write({
            type: 'update',
            collection: this.lanes.collection,
            tenantId: due.tenantId,
            filter: { _id: due._id, status: 'pending', leaseUntil: { $lte: now } },
            update: { $set: { leaseUntil, leaseOwner: this.owner }, $unset: { parkedBehind: 1 } },
          }),
          this.lanes.event({ tenantId: due.tenantId, eventId: due.eventId }),
        ]);
        if (!outcome.ok || outcome.n !== 1) return null;
        this.held.set(due.lane, due._id);
        const work = this.workOf(due.endpointId);
        work.claimed += 1;
        const held: Claimed = { due, event, startBy: now.getTime() + webhookTimeoutMs };
        work.waiting.push(held);
        return held;
      }),
    );
    return claimed.filter((c): c is Claimed => c !== null);
  }

  /**
   * Leaves deliveries that wait for an earlier one of their lane out of the due scan, each marked with the one it waits
   * behind, whose outcome brings it back (`complete`); for `PARK_MS` at most.
   */
  private async park(behind: { due: Due; behind: string }[], now: Date): Promise<void> {
    const until = new Date(now.getTime() + PARK_MS);
    await Promise.all(
      behind.map(({ due, behind }) =>
        this.lanes.write({
          type: 'update',
          collection: this.lanes.collection,
          tenantId: due.tenantId,
          filter: { _id: due._id, status: 'pending', leaseUntil: { $lte: now }, nextAttemptAt: { $lte: now } },
          update: { $set: { nextAttemptAt: until, parkedBehind: behind } },
        }),
      ),
    );
  }

  /**
   * Reads the endpoints of the deliveries about to be claimed and of those waiting here, one `find` per tenant: a change
   * (a new secret, a deletion, disabling) applies from the next round.
   */
  private async refreshEndpoints(claimed: Due[]): Promise<void> {
    const tenantOf = new Map<string, string>();
    for (const [id, work] of this.work) if (work.waiting.length > 0 && work.endpoint) tenantOf.set(id, work.endpoint.tenantId);
    for (const due of claimed) tenantOf.set(due.endpointId, due.tenantId);
    await Promise.all(
      [...groupBy(tenantOf, ([, tenantId]) => tenantId)].map(async ([tenantId, ofTenant]) => {
        const endpoints = await this.input.models.WebhookEndpoint.find({ tenantId, _id: { $in: ofTenant.map(([id]) => id) } }).lean();
        for (const endpoint of endpoints) this.workOf(endpoint._id).endpoint = endpoint;
      }),
    );
  }

  /**
   * Starts the endpoint's waiting deliveries while it has a request free (`send` counts its request open until the
   * answer, not while the outcome is written); one claimed too long ago is let go (its lease could end mid-attempt).
   */
  private pump(endpointId: string): void {
    const work = this.workOf(endpointId);
    while (!this.stopping && work.open < this.input.config.webhookConcurrency) {
      const next = work.waiting.shift();
      if (!next) return;
      if (Date.now() > next.startBy) {
        this.track(this.release(next).finally(() => this.done(work, next)));
        continue;
      }
      this.track(
        this.send(next, work).finally(() => {
          this.done(work, next);
          // The lane's next may be due now, and the endpoint has room for another claim.
          this.wake();
        }),
      );
    }
  }

  /** A claimed delivery is no longer this process's: its outcome is written, or it was given back. */
  private done(work: EndpointWork, claimed: Claimed): void {
    work.claimed -= 1;
    this.letGoOfLane(claimed.due);
  }

  private letGoOfLane(due: Due): void {
    if (this.held.get(due.lane) === due._id) this.held.delete(due.lane);
  }

  private track(promise: Promise<void>): void {
    const tracked: Promise<void> = promise
      .catch((error: Error) => this.input.log(`a webhook delivery failed to complete (its lease runs out, then it is sent again): ${error.message}`))
      .finally(() => this.sending.delete(tracked));
    this.sending.add(tracked);
  }

  private mine(due: Due): Mine {
    return { _id: due._id, leaseOwner: this.owner, status: 'pending' };
  }

  /** Gives a claimed delivery back unsent: due again at once, for any process. */
  private async release(claimed: Claimed): Promise<void> {
    await this.outcome(claimed.due, { $set: { leaseUntil: NO_LEASE } });
  }

  /** One write of a delivery this process holds; throws if the store refused it. */
  private async outcome(due: Due, update: Record<string, unknown>): Promise<void> {
    const written = await this.lanes.write({ type: 'update', collection: this.lanes.collection, tenantId: due.tenantId, filter: this.mine(due), update });
    if (!written.ok) throw new Error(`writing delivery ${due._id} failed: ${written.message}`);
  }

  /** One attempt, and its outcome written under this process's lease. */
  private async send(claimed: Claimed, work: EndpointWork): Promise<void> {
    const { due, event } = claimed;
    const { endpoint } = work;
    if (!endpoint || endpoint.deletedAt || !event) {
      const lastError = !event ? `event ${due.eventId} is not in the log` : 'the endpoint was deleted';
      await this.settle(due, { $set: { status: 'failed', lastError, leaseUntil: NO_LEASE } });
      return;
    }
    if (!endpoint.enabled) {
      await this.outcome(due, { $set: { status: 'paused', leaseUntil: NO_LEASE } });
      return;
    }
    const now = new Date();
    const { config } = this.input;
    this.agents ??= webhookAgents();
    const body = webhookBody(event);
    work.open += 1;
    const outcome = await sendWebhook({
      url: endpoint.url,
      webhookId: due._id,
      timestamp: now,
      body,
      secret: endpoint.secret,
      timeoutMs: config.webhookTimeoutMs,
      allowedHosts: config.webhookAllowedHosts,
      maxRedirects: MAX_REDIRECTS,
      excerptChars: EXCERPT_CHARS,
      agents: this.agents,
    }).finally(() => {
      work.open -= 1;
      this.pump(endpoint._id);
    });
    await this.complete({ due, endpoint, outcome, at: now });
  }

  private async complete(input: { due: Due; endpoint: WebhookEndpointDoc; outcome: WebhookOutcome; at: Date }): Promise<void> {
    const { due, endpoint, outcome, at } = input;
    const { config } = this.input;
    const attempt = { lastAttemptAt: at, lastStatusCode: outcome.status, lastExcerpt: outcome.excerpt, leaseUntil: NO_LEASE };
    if (outcome.ok) {
      await this.settle(due, { $set: { ...attempt, status: 'delivered', deliveredAt: new Date(), lastError: null }, $inc: { attempts: 1 } });
      if (endpoint.failingSince) {
        await this.input.models.WebhookEndpoint.updateOne({ tenantId: endpoint.tenantId, _id: endpoint._id }, { $set: { failingSince: null } });
        endpoint.failingSince = null;
      }
      return;
    }
    const next = nextAttemptAt({ attempts: due.attempts + 1, firstDueAt: due.createdAt, now: new Date(), config });
    const status = next ? {} : { status: 'failed' };
    const update = { $set: { ...attempt, ...status, lastError: outcome.error, nextAttemptAt: next ?? at }, $inc: { attempts: 1 } };
    await (next ? this.outcome(due, update) : this.settle(due, update));
    await this.failing(endpoint, at, outcome.error);
  }

  /**
   * Writes a delivery's last outcome (delivered, or given up) and brings back, due at once, the deliveries parked behind
   * it: its lane's next now heads it. Both go in one bulk write (one round trip); were the second applied first, a round
   * reading in between would park the next again behind it, for `PARK_MS`, and never send it before it.
   */
  private async settle(due: Due, update: Record<string, unknown>): Promise<void> {
    this.settled.set(due._id, true);
    this.letGoOfLane(due);
    await Promise.all([this.outcome(due, update), this.bringBack(due)]);
  }

  /** Makes the deliveries parked behind one due at once. */
  private async bringBack(due: Due): Promise<void> {
    await this.lanes.write({
      type: 'update',
      multi: true,
      collection: this.lanes.collection,
      tenantId: due.tenantId,
      filter: { parkedBehind: due._id, status: 'pending' },
      update: { $set: { nextAttemptAt: new Date() }, $unset: { parkedBehind: 1 } },
    });
  }

  /** Marks when an endpoint began failing; one failing for the whole retry window is disabled, and admins told. */
  private async failing(endpoint: WebhookEndpointDoc, at: Date, lastError: string): Promise<void> {
    const { models, config } = this.input;
    if (!endpoint.failingSince) {
      const marked = await models.WebhookEndpoint.updateOne(
        { tenantId: endpoint.tenantId, _id: endpoint._id, failingSince: null },
        { $set: { failingSince: at } },
      );
      // The deliveries waiting here see it until the next round reads the endpoint (another may have marked it first).
      if (marked.modifiedCount === 1) endpoint.failingSince = at;
      return;
    }
    if (at.getTime() - endpoint.failingSince.getTime() < config.deliveryRetryWindowMs) return;
    const disabled = await this.input.endpoints.disableFailing({ tenantId: endpoint.tenantId, id: endpoint._id, failingSince: endpoint.failingSince });
    if (disabled) await this.input.onDisabled(endpoint, lastError);
  }
}

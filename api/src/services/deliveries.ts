import type { ApiConfig } from '../config';
import type { Mailer } from '../mail/mailer';
import type { Models } from '../models/models';
import type { TenantBulkWriter } from '../models/tenant-bulk-writer';
import { NotificationMailSender } from './notification-mail-sender';
import { notifyAdmins } from './notifications';
import type { QueuedDeliveries } from './delivery-fan-out';
import type { WorkflowCatalog } from './workflow-catalog';
import type { NotificationFeed } from './notification-feed';
import type { WebhookEndpoints } from './webhook-endpoints';
import { WebhookSender } from './webhook-sender';

/**
 * This process's senders of what the event log owes apps and people: webhook deliveries (services/webhook-sender.ts)
 * and notification emails. Each looks for what is due every `deliveryPollMs`, and at once when this process queued
 * something (`wake`).
 * @example services.deliveries.start(); …; await services.deliveries.runDue() // tests: one round, its sends awaited
 */
export class Deliveries {
  readonly webhooks: WebhookSender;
  readonly emails: NotificationMailSender;
  private emailTimer: NodeJS.Timeout | null = null;
  private emailRound: Promise<number> | null = null;
  private readonly pollMs: number;
  private readonly log: (line: string) => void;

  constructor(input: {
    models: Models;
    writer: TenantBulkWriter;
    endpoints: WebhookEndpoints;
    feed: NotificationFeed;
    mailer: Mailer;
    workflows: WorkflowCatalog;
    config: ApiConfig;
    log: (line: string) => void;
  }) {
    const { models, feed, mailer } = input;
    this.pollMs = input.config.deliveryPollMs;
    this.log = input.log;
    this.emails = new NotificationMailSender(input);
    this.webhooks = new WebhookSender({
      ...input,
      onDisabled: (endpoint, lastError) =>
        notifyAdmins(
          { models, feed, mail: mailer.configured },
          {
            tenantId: endpoint.tenantId,
            type: 'webhook_endpoint_disabled',
            key: `${endpoint._id}:${(endpoint.failingSince ?? new Date(0)).getTime()}`,
            params: { endpointId: endpoint._id, url: endpoint.url, failingSince: endpoint.failingSince?.toISOString() ?? null, lastError },
          },
        ),
    });
  }

  start(): void {
    this.webhooks.start();
    if (this.pollMs > 0 && !this.emailTimer) this.armEmails(0);
  }

  async stop(): Promise<void> {
    if (this.emailTimer) clearTimeout(this.emailTimer);
    this.emailTimer = null;
    await Promise.all([this.webhooks.stop(), this.emailRound]);
  }

  /** Something became due here: the senders of it look at once (both when not said). */
  wake(queued: QueuedDeliveries = { webhooks: true, emails: true }): void {
    if (queued.webhooks) this.webhooks.wake();
    if (queued.emails && this.emailTimer && !this.emailRound) this.armEmails(0);
  }

  /** One round of every sender, resolving once what it sent has ended; how many it sent. */
  async runDue(): Promise<number> {
    const [webhooks, emails] = await Promise.all([this.webhooks.runDue(), this.emails.runDue()]);
    return webhooks + emails;
  }

  private armEmails(ms: number): void {
    if (this.emailTimer) clearTimeout(this.emailTimer);
    this.emailTimer = setTimeout(() => {
      this.emailRound = this.emails
        .runDue()
        .catch((error: Error) => {
          this.log(`sending notification emails failed (they stay due for the next round): ${error.message}`);
          return 0;
        })
        .finally(() => {
          this.emailRound = null;
          if (this.emailTimer) this.armEmails(this.pollMs);
        });
    }, ms);
    this.emailTimer.unref();
  }
}

import { createHash, randomUUID } from 'node:crypto';
import type { CompiledWorkflow } from '@funnel/engine';
import { accountOf } from '../accounts/account-settings';
import type { ApiConfig } from '../config';
import type { Mailer } from '../mail/mailer';
import { notificationMail } from '../mail/notification-mails';
import type { Models } from '../models/models';
import type { NotificationDoc } from '../models/notification';
import type { RecordDoc } from '../models/record';
import type { TenantDoc } from '../models/tenant';
import type { UserDoc } from '../models/user';
import { nextAttemptAt } from './delivery-retry';
import { NO_LEASE } from './delivery-fan-out';
import { groupBy } from './group-by';
import { mailFacts } from './notification-mail-facts';
import type { WorkflowCatalog } from './workflow-catalog';

/** Most emails one round reads as due. */
const ROUND_MAX = 100;
/** Emails one process hands the SMTP server at once. */
const SENDING_AT_ONCE = 4;

/** What one round read to render its emails. */
interface Batch {
  users: Map<string, UserDoc>;
  tenants: Map<string, TenantDoc>;
  records: Map<string, RecordDoc>;
  workflows: Map<string, CompiledWorkflow | null>;
}

/** Where links in notification mail point without FUNNEL_PUBLIC_URL (a background send has no request to take an origin from). */
const LOCAL_APP_URL = 'http://localhost:4000';

/** The filter of an email one process holds the lease of. */
type Mine = { tenantId: string; _id: string; 'email.leaseOwner': string; 'email.status': 'pending' };

/**
 * The Message-ID of a notification's email: the same on every attempt, so a mail sent again after a crash is known
 * to the recipient's mail program as the one it already has.
 */
const messageIdOf = (notification: Pick<NotificationDoc, '_id'>) =>
  `<${createHash('sha256').update(notification._id).digest('hex').slice(0, 32)}@notifications.funnel>`;

const key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

/**
 * The link a notification's mail opens: the record's page in the web app, or the webhook settings.
 * @example notificationLink({ base: 'https://crm.example', slug: 'acme', notification }) // → 'https://crm.example/#/records/r1?workspace=acme'
 */
function notificationLink(input: { base: string; slug: string; notification: Pick<NotificationDoc, 'recordId'> }): string {
  const query = new URLSearchParams({ workspace: input.slug }).toString();
  const page = input.notification.recordId ? `records/${encodeURIComponent(input.notification.recordId)}` : 'settings/webhooks';
  return `${input.base}/#/${page}?${query}`;
}

/**
 * Sends the emails of notifications whose person chose email for their type, in the person's language and time
 * zone. Any number of processes send: each claims an email with a conditional write just before sending it (a lease
 * of `mailLeaseMs`, a minute unless set, for that one send), so none is sent twice at the same time; a failure is tried
 * again with backoff over the retry window (services/delivery-retry.ts) and stays visible to admins
 * (`notificationEmails`) with its error; one that still fails then is `failed`. Sending never holds up a request: it
 * runs in this loop, after the commit.
 * @example const sender = new NotificationMailSender({ models, mailer, workflows, config, log }); await sender.runDue()
 */
export class NotificationMailSender {
  private readonly owner = randomUUID();

  constructor(
    private readonly input: {
      models: Models;
      mailer: Mailer;
      workflows: WorkflowCatalog;
      config: Pick<ApiConfig, 'deliveryRetryBaseMs' | 'deliveryRetryMaxDelayMs' | 'deliveryRetryWindowMs' | 'mailLeaseMs' | 'publicUrl'>;
      log: (line: string) => void;
    },
  ) {}

  /**
   * One round: reads the emails due, then claims and sends them a few at a time, recording each outcome; how many it
   * sent or tried. Each few are claimed just before they are sent, so a claim's lease covers one send, not the round's.
   */
  async runDue(): Promise<number> {
    if (!this.input.mailer.configured) return 0;
    const due = await this.due(new Date());
    let tried = 0;
    for (let i = 0; i < due.length; i += SENDING_AT_ONCE) {
      const claimed = await this.claim(due.slice(i, i + SENDING_AT_ONCE), new Date());
      if (claimed.length > 0) tried += await this.sendClaimed(claimed);
    }
    return tried;
  }

  /** Up to a round's emails due now, oldest first. */
  private async due(now: Date): Promise<NotificationDoc[]> {
    // Across tenants on purpose, like the sweeper's scan: each notification names its tenant.
    return (await this.input.models.Notification.collection
      .find({ 'email.status': 'pending', 'email.nextAttemptAt': { $lte: now }, 'email.leaseUntil': { $lte: now } } as never)
      .sort({ 'email.nextAttemptAt': 1 })
      .limit(ROUND_MAX)
      .toArray()) as unknown as NotificationDoc[];
  }

  /** Takes the lease of those of `due` still due and free now; the ones this process holds. */
  private async claim(due: NotificationDoc[], now: Date): Promise<NotificationDoc[]> {
    // The claim is this process's for `mailLeaseMs`; one that died frees it then.
    const leaseUntil = new Date(now.getTime() + this.input.config.mailLeaseMs);
    const claimed: NotificationDoc[] = [];
    for (const notification of due) {
      const held = await this.input.models.Notification.updateOne(
        {
          tenantId: notification.tenantId,
          _id: notification._id,
          'email.status': 'pending',
          'email.nextAttemptAt': { $lte: now },
          'email.leaseUntil': { $lte: now },
        },
        { $set: { 'email.leaseUntil': leaseUntil, 'email.leaseOwner': this.owner } },
      );
      if (held.modifiedCount === 1) claimed.push(notification);
    }
    return claimed;
  }

  /** Sends emails this process holds, all at once, and records each outcome; how many it tried. */
  private async sendClaimed(claimed: NotificationDoc[]): Promise<number> {
    let batch: Batch;
    try {
      batch = await this.read(claimed);
    } catch (error) {
      // What they name could not be read: each is tried again later, like a failed send.
      await Promise.all(claimed.map((notification) => this.failed(notification, this.mine(notification), (error as Error).message)));
      return claimed.length;
    }
    await Promise.all(claimed.map((notification) => this.send(notification, batch)));
    return claimed.length;
  }

  /** The people, tenants, records and workflow versions the round's emails name, a query per tenant for each. */
  private async read(notifications: NotificationDoc[]): Promise<Batch> {
    const { models, workflows } = this.input;
    const batch: Batch = { users: new Map(), tenants: new Map(), records: new Map(), workflows: new Map() };
    for (const [tenantId, ofTenant] of groupBy(notifications, (n) => n.tenantId)) {
      const people = new Set<string>();
      for (const n of ofTenant) {
        people.add(n.userId);
        for (const field of ['actor', 'requester', 'decider']) if (typeof n.params[field] === 'string') people.add(n.params[field] as string);
      }
      const recordIds = ofTenant.flatMap((n) => (n.recordId ? [n.recordId] : []));
      const [users, tenant, records] = await Promise.all([
        models.User.find({ tenantId, _id: { $in: [...people] } }).lean(),
        models.Tenant.findOne({ tenantId, _id: tenantId }).lean(),
        models.Record.find({ tenantId, _id: { $in: recordIds } }, { fields: 1, timers: 1, workflowKey: 1, workflowVersion: 1 }).lean(),
      ]);
      for (const user of users) batch.users.set(key(tenantId, user._id), user);
      if (tenant) batch.tenants.set(tenantId, tenant);
      for (const record of records) {
        batch.records.set(key(tenantId, record._id), record as RecordDoc);
        const version = key(tenantId, `${record.workflowKey}@${record.workflowVersion}`);
        if (!batch.workflows.has(version))
          batch.workflows.set(version, await workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion }).catch(() => null));
      }
    }
    return batch;
  }

  private async send(notification: NotificationDoc, batch: Batch): Promise<void> {
    const { models } = this.input;
    const { tenantId } = notification;
    const mine = this.mine(notification);
    const user = batch.users.get(key(tenantId, notification.userId));
    const tenant = batch.tenants.get(tenantId);
    if (!user?.email || !accountOf(user).active || !tenant) {
      await models.Notification.updateOne(mine, {
        $set: { 'email.status': 'failed', 'email.lastError': 'the person has no active account with an email address', 'email.leaseUntil': NO_LEASE },
      });
      return;
    }
    try {
      const { locale, timeZone } = accountOf(user);
      const record = notification.recordId ? (batch.records.get(key(tenantId, notification.recordId)) ?? null) : null;
      const workflow = record ? (batch.workflows.get(key(tenantId, `${record.workflowKey}@${record.workflowVersion}`)) ?? null) : null;
      const nameOf = (id: unknown) => (typeof id === 'string' ? (batch.users.get(key(tenantId, id))?.name ?? null) : null);
      const mail = notificationMail({
        locale,
        timeZone,
        recipientName: user.name,
        tenantName: tenant.name,
        link: notificationLink({ base: this.base(), slug: tenant.slug ?? tenantId, notification }),
        notification: mailFacts(notification, { locale, record, workflow, nameOf }),
      });
      await this.input.mailer.send({ ...mail, to: user.email, messageId: messageIdOf(notification) });
      await models.Notification.updateOne(mine, {
        $set: { 'email.status': 'sent', 'email.sentAt': new Date(), 'email.lastError': null, 'email.leaseUntil': NO_LEASE },
        $inc: { 'email.attempts': 1 },
      });
    } catch (error) {
      await this.failed(notification, mine, (error as Error).message);
    }
  }

  /** The filter of an email this process holds the lease of. */
  private mine(notification: NotificationDoc): Mine {
    return { tenantId: notification.tenantId, _id: notification._id, 'email.leaseOwner': this.owner, 'email.status': 'pending' };
  }

  private async failed(
    notification: NotificationDoc,
    mine: { tenantId: string; _id: string; 'email.leaseOwner': string; 'email.status': 'pending' },
    lastError: string,
  ): Promise<void> {
    const email = notification.email;
    const attempts = (email?.attempts ?? 0) + 1;
    const next = nextAttemptAt({ attempts, firstDueAt: notification.createdAt, now: new Date(), config: this.input.config });
    this.input.log(
      `notification email ${notification._id} failed (attempt ${attempts}${next ? `; again at ${next.toISOString()}` : '; given up'}): ${lastError}`,
    );
    await this.input.models.Notification.updateOne(mine, {
      $set: { ...(next ? { 'email.nextAttemptAt': next } : { 'email.status': 'failed' }), 'email.lastError': lastError, 'email.leaseUntil': NO_LEASE },
      $inc: { 'email.attempts': 1 },
    });
  }

  /** Where links in mail point: FUNNEL_PUBLIC_URL, else the default address of a server on this machine. */
  private base(): string {
    return this.input.config.publicUrl ?? LOCAL_APP_URL;
  }
}

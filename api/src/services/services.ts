import { createPubSub } from 'graphql-yoga';
import { PasswordHasher } from '../accounts/password-hasher';
import { CredentialCache } from '../auth/credential-cache';
import { KeyRevocationPoller } from '../auth/key-revocation-poller';
import { systemClock, type Clock } from '../clock';
import type { ApiConfig } from '../config';
import { createMailer, type Mailer } from '../mail/mailer';
import type { EventDoc } from '../models/event';
import type { NotificationDoc } from '../models/notification';
import type { Models } from '../models/models';
import { TenantBulkWriter } from '../models/tenant-bulk-writer';
import { markTouchedDays } from '../metrics/mark-touched-days';
import { outcomeStagesFrom } from '../metrics/outcome-stages';
import { AdminAudit } from './admin-audit';
import { ActivitiesBackfill } from './activities-backfill';
import { BackgroundWork } from './background-work';
import { CapacityPlaces } from './capacity-places';
import { ExpiredAccountRecords } from './expired-account-records';
import { ContactKeyBackfill } from './contact-key-backfill';
import { DefinitionCheck } from './definition-check';
import { Deliveries } from './deliveries';
import { DeliveryFanOut } from './delivery-fan-out';
import { MetricSummaries } from './metric-summaries';
import { NotificationFeed } from './notification-feed';
import { NotificationRecipients } from './notification-recipients';
import { OutboxDrainer } from './outbox-drainer';
import { TurnWrites } from './turn-writes';
import { OwnerCapacity } from './owner-capacity';
import { RecordEventFeed } from './record-event-feed';
import type { RecordEventsPubSub } from './record-events-topic';
import { RecordRouting } from './record-routing';
import { RecordStore } from './record-store';
import { keepParsedTexts } from '../metrics/parsed-texts';
import { SearchTermsBackfill } from './search-terms-backfill';
import { SignInLimiter } from './sign-in-limiter';
import { Sweeper } from './sweeper';
import { TenantConcurrency } from './tenant-concurrency';
import { TenantClock } from './tenant-clock';
import { WebhookEndpoints } from './webhook-endpoints';
import { WorkflowCatalog } from './workflow-catalog';

/** Everything a resolver needs besides the viewer, built once per server. */
export interface Services {
  models: Models;
  /** Each tenant's time: the system clock, or the test clock a tenant's admin moves. */
  clock: TenantClock;
  config: ApiConfig;
  log: (line: string) => void;
  pubsub: RecordEventsPubSub;
  /** Where subscribers' events come from: the log's change stream, or this process's drains. */
  feed: RecordEventFeed;
  /** Many writes of any tenants as one command, each with its own outcome. */
  writer: TenantBulkWriter;
  drainer: OutboxDrainer;
  records: RecordStore;
  /** Assignment rules at work: rotation, capacity, who is available (decision 34). */
  routing: RecordRouting;
  /** Owners' capacity places in the store. */
  capacity: OwnerCapacity;
  workflows: WorkflowCatalog;
  sweeper: Sweeper;
  /** Rewrites contact keys stored by older rules, once per start; says when none are left. */
  contactKeyBackfill: ContactKeyBackfill;
  /** Search terms for the records stored before search, once per store. */
  searchTermsBackfill: SearchTermsBackfill;
  /** The recent activities of records stored before records kept them, once per store. */
  activitiesBackfill: ActivitiesBackfill;
  /** Builds the metric summaries of closed days and of days marked since their build, each workflow's backfill first. */
  metricSummaries: MetricSummaries;
  /** Work requests started without waiting for it (long imports); shutdown waits for it. */
  background: BackgroundWork;
  /** Checks workflow definitions; large ones in worker threads. */
  definitions: DefinitionCheck;
  /** How many heavy operations each tenant runs at once here; one more is refused with Busy. */
  tenantConcurrency: TenantConcurrency;
  /** The viewers of API keys and sessions this process resolved (bounded, evicted by the revocation log). */
  credentialCache: CredentialCache;
  /** Reads the key revocation log into `credentialCache`; started and stopped with the server. */
  keyRevocations: KeyRevocationPoller;
  /** Hashes and checks passwords, a few at a time. */
  passwords: PasswordHasher;
  /** Counts sign-in attempts per account and address, in the store. */
  signInLimiter: SignInLimiter;
  /** Deletes expired sessions, account links and sign-in counts now and then (the embedded store keeps them). */
  expiredAccountRecords: ExpiredAccountRecords;
  /** Sends mail over SMTP (SMTP_URL); sends nothing without it. */
  mailer: Mailer;
  /** Writes every administrative change with its audit log entry, and repairs entries a stopped process left behind. */
  audit: AdminAudit;
  /** The tenants' webhook endpoints (admins' changes, and the enabled ones events go to). */
  webhookEndpoints: WebhookEndpoints;
  /** Sends what the log's events owe apps and people: webhook deliveries and notification emails. */
  deliveries: Deliveries;
  /** Where `notificationAdded` subscribers' notifications come from: this process's drains, and other processes' (read while anyone subscribes). */
  notificationFeed: NotificationFeed;
}

/**
 * Builds the services of one server process.
 * @example const services = createServices({ models, clock: systemClock, config: apiConfig() })
 */
export function createServices(input: { models: Models; clock: Clock; config: ApiConfig }): Services {
  const log = input.config.log ?? ((line: string) => console.error(line));
  keepParsedTexts(input.models, { megabytes: input.config.reportCacheMb });
  const pubsub: RecordEventsPubSub = createPubSub<{
    recordEvents: [topic: string, event: EventDoc];
    notificationAdded: [topic: string, notification: NotificationDoc];
  }>();
  const writer = new TenantBulkWriter(input.models.Record.db.getClient(), input.models.Record.db.name);
  const feed = new RecordEventFeed({ models: input.models, pubsub, log });
  // The kept latest version expires on real time, as a cache does: a tenant's test clock stands still for days.
  const workflows = new WorkflowCatalog(input.models, { keepLatestMs: input.config.workflowLatestTtlMs, clock: systemClock });
  const outcomeStages = outcomeStagesFrom({ workflows, ttlMs: input.config.outcomeStagesTtlMs });
  const audit = new AdminAudit({ models: input.models, repairIntervalMs: input.config.outboxRepairIntervalMs, log });
  const mailer = createMailer({
    ...(input.config.smtpUrl ? { smtpUrl: input.config.smtpUrl } : {}),
    from: input.config.mailFrom,
    // Half the claim a notification email is sent under, so a hung send ends while its claim holds.
    timeoutMs: Math.ceil(input.config.mailLeaseMs / 2),
  });
  const webhookEndpoints = new WebhookEndpoints({ models: input.models, audit, config: input.config });
  const notificationFeed = new NotificationFeed({ models: input.models, pubsub, pollMs: input.config.deliveryPollMs, log });
  const deliveries = new Deliveries({
    models: input.models,
    writer,
    endpoints: webhookEndpoints,
    feed: notificationFeed,
    mailer,
    workflows,
    config: input.config,
    log,
  });
  const fanOut = new DeliveryFanOut({
    models: input.models,
    writer,
    endpoints: webhookEndpoints,
    feed: notificationFeed,
    mail: mailer.configured,
    onQueued: (queued) => deliveries.wake(queued),
  });
  // The record store's writes, the drain's (event inserts, outbox clears, and once those are in the log its metric-day
  // marks) and routing's capacity takes of one turn share a command.
  const turn = new TurnWrites(writer);
  const drainer = new OutboxDrainer({
    models: input.models,
    writer: turn,
    onDrained: (_tenantId, events) => feed.publishDrained(events),
    // The events are in the log: the metric days they touch are marked, and what they owe people and apps is queued.
    // The inbox entries go in the events' own bulk write.
    owed: (events) => fanOut.notificationWrites(events),
    onLogged: async (events) => {
      await markTouchedDays({ models: input.models, outcomeStages, events, writer: turn });
      await fanOut.logged(events, { notifications: false });
    },
    log,
    timing: input.config,
  });
  const expiredAccountRecords = new ExpiredAccountRecords({ models: input.models, log });
  const capacity = new OwnerCapacity(input.models, turn);
  const services = {
    models: input.models,
    config: input.config,
    clock: new TenantClock({ models: input.models, base: input.clock, testClock: input.config.testClock }),
    log,
    pubsub,
    feed,
    writer,
    drainer,
    records: new RecordStore(input.models, drainer, writer, new NotificationRecipients(input.models), new CapacityPlaces(capacity, workflows), log, turn),
    routing: new RecordRouting(input.models, capacity),
    capacity,
    workflows,
    background: new BackgroundWork(),
    tenantConcurrency: new TenantConcurrency(input.config),
    definitions: new DefinitionCheck({ threads: input.config.definitionCheckThreads }),
    passwords: new PasswordHasher({
      logN: input.config.passwordHashLogN,
      concurrency: input.config.passwordHashConcurrency,
      queue: input.config.passwordHashQueue,
    }),
    signInLimiter: new SignInLimiter({
      models: input.models,
      windowMs: input.config.signInWindowMs,
      perAccount: input.config.signInAttemptsPerAccount,
      perAddress: input.config.signInAttemptsPerAddress,
      expired: expiredAccountRecords,
    }),
    expiredAccountRecords,
    mailer,
    audit,
    webhookEndpoints,
    deliveries,
    notificationFeed,
    credentialCache: new CredentialCache({ max: input.config.keyCacheMax, ttlMs: input.config.keyCacheTtlMs, pollMs: input.config.keyRevocationPollMs }),
  } as Services;
  services.keyRevocations = new KeyRevocationPoller({
    models: input.models,
    cache: services.credentialCache,
    intervalMs: input.config.keyRevocationPollMs,
    log,
  });
  services.sweeper = new Sweeper(services);
  services.contactKeyBackfill = new ContactKeyBackfill(services);
  services.searchTermsBackfill = new SearchTermsBackfill(services);
  services.activitiesBackfill = new ActivitiesBackfill(services);
  services.metricSummaries = new MetricSummaries(services);
  return services;
}

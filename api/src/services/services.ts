import { createPubSub } from 'graphql-yoga';
import type { Clock } from '../clock';
import type { ApiConfig } from '../config';
import type { EventDoc } from '../models/event';
import type { Models } from '../models/models';
import { TenantBulkWriter } from '../models/tenant-bulk-writer';
import { OutboxDrainer } from './outbox-drainer';
import { RecordStore } from './record-store';
import { Sweeper } from './sweeper';
import { WorkflowCatalog } from './workflow-catalog';

/** The in-process pubsub behind `recordEvents`; one topic per tenant and workflow. */
export type RecordEventsPubSub = ReturnType<typeof createPubSub<{ recordEvents: [topic: string, event: EventDoc] }>>;

/** The topic one tenant's workflow publishes its record events on. */
export const recordEventsTopic = (tenantId: string, workflowKey: string) => `${tenantId}:${workflowKey}`;

/** Everything a resolver needs besides the viewer, built once per server. */
export interface Services {
  models: Models;
  clock: Clock;
  config: ApiConfig;
  log: (line: string) => void;
  pubsub: RecordEventsPubSub;
  /** Many writes of any tenants as one command, each with its own outcome. */
  writer: TenantBulkWriter;
  drainer: OutboxDrainer;
  records: RecordStore;
  workflows: WorkflowCatalog;
  sweeper: Sweeper;
}

/**
 * Builds the services of one server process.
 * @example const services = createServices({ models, clock: systemClock, config: apiConfig() })
 */
export function createServices(input: { models: Models; clock: Clock; config: ApiConfig }): Services {
  const log = input.config.log ?? ((line: string) => console.error(line));
  const pubsub: RecordEventsPubSub = createPubSub<{ recordEvents: [topic: string, event: EventDoc] }>();
  const writer = new TenantBulkWriter(input.models.Record.db.getClient(), input.models.Record.db.name);
  const drainer = new OutboxDrainer({
    models: input.models,
    writer,
    onDrained: (tenantId, events) => {
      for (const event of events) pubsub.publish('recordEvents', recordEventsTopic(tenantId, event.workflowKey), event);
    },
    log,
  });
  const services = {
    ...input,
    log,
    pubsub,
    writer,
    drainer,
    records: new RecordStore(input.models, drainer, writer),
    workflows: new WorkflowCatalog(input.models),
  } as Services;
  services.sweeper = new Sweeper(services);
  return services;
}

import { Schema, type Connection } from 'mongoose';
import { holdsAuditEntries } from './audit-entry';
import { tenantScopePlugin } from './tenant-scope-plugin';

/**
 * Where a tenant's app hears of events: a URL, the event types it wants (docs/webhooks.md), and the secret its
 * requests are signed with (Standard Webhooks). Disabled by an admin, or by Funnel after failing for the whole
 * retry window; its deliveries then wait (`paused`) until it is enabled again.
 */
export interface WebhookEndpointDoc {
  _id: string;
  tenantId: string;
  url: string;
  description: string;
  events: string[];
  /** `whsec_…`; shown to the admin when made or rotated. */
  secret: string;
  enabled: boolean;
  /** Why it is disabled (`admin` or `failing`), when it is. */
  disabledReason?: 'admin' | 'failing' | null;
  disabledAt?: Date | null;
  /** Since when every attempt to it has failed (null once one succeeds). */
  failingSince?: Date | null;
  /** When an admin deleted it: it is kept (it holds its audit entries) but shown and sent nothing. */
  deletedAt?: Date | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
}

const schema = new Schema<WebhookEndpointDoc>(
  {
    _id: String,
    tenantId: String,
    url: { type: String, required: true },
    description: { type: String, default: '' },
    events: [String],
    secret: { type: String, required: true },
    enabled: Boolean,
    disabledReason: { type: String, default: null },
    disabledAt: { type: Date, default: null },
    failingSince: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    createdAt: Date,
    createdBy: String,
    updatedAt: Date,
  },
  { versionKey: false },
);
schema.plugin(tenantScopePlugin);
holdsAuditEntries(schema);

/** The WebhookEndpoint model on a connection. */
export const webhookEndpointModel = (connection: Connection) => connection.model<WebhookEndpointDoc>('WebhookEndpoint', schema, 'webhookEndpoints');

import { NotFoundError } from '../errors';
import type { WebhookDeliveryDoc } from '../models/webhook-delivery';
import { NO_LEASE } from './delivery-fan-out';
import type { PageRequest } from './record-reads';
import type { Services } from './services';

/**
 * A page of one endpoint's delivery log (of one status, if given), newest first; NOT_FOUND for another tenant's or
 * a deleted endpoint.
 * @example await deliveriesPage(services, { tenantId, endpointId, status: 'failed', page })
 */
export async function deliveriesPage(
  services: Services,
  input: { tenantId: string; endpointId: string; status: WebhookDeliveryDoc['status'] | null; page: PageRequest },
): Promise<WebhookDeliveryDoc[]> {
  const { tenantId, endpointId, page } = input;
  await services.webhookEndpoints.get(tenantId, endpointId, '/endpointId');
  return services.models.WebhookDelivery.find({ tenantId, endpointId, ...page.idRange, ...(input.status ? { status: input.status } : {}) })
    .sort(page.sort)
    .limit(page.limit)
    .lean();
}

/**
 * Makes a delivery due again at once (delivered, given up or waiting): it keeps its id, so the receiver sees the same
 * webhook-id, and takes its place in its record's order again (events after it in that lane wait for it). A
 * delivery of a disabled endpoint waits (`paused`) until it is enabled.
 * @example await redeliver(services, { tenantId, id: delivery._id })
 */
export async function redeliver(services: Services, input: { tenantId: string; id: string }): Promise<WebhookDeliveryDoc> {
  const { tenantId, id } = input;
  const delivery = await services.models.WebhookDelivery.findOne({ tenantId, _id: id }).lean();
  if (!delivery) throw new NotFoundError({ what: 'webhook delivery', id, pointer: '/id' });
  const endpoint = await services.webhookEndpoints.get(tenantId, delivery.endpointId, '/id');
  const now = new Date();
  const again = await services.models.WebhookDelivery.findOneAndUpdate(
    { tenantId, _id: id, leaseUntil: { $lte: now } },
    { $set: { status: endpoint.enabled ? 'pending' : 'paused', nextAttemptAt: now, createdAt: now, leaseUntil: NO_LEASE, deliveredAt: null } },
    { returnDocument: 'after' },
  ).lean();
  services.deliveries.wake({ webhooks: true, emails: false });
  return again ?? delivery;
}

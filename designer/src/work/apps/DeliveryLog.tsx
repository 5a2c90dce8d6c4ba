import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormProblem } from '../../components/FormProblem';
import { request, type VariablesOf } from '../graphql';
import { AdminTable } from '../people/AdminTable';
import { PagedList } from '../shared/PagedList';
import { useAdminAction } from '../people/useAdminAction';
import { useCursorPages } from '../shared/useCursorPages';
import { useWorkFormat } from '../shared/format';
import { REDELIVER_WEBHOOK, WEBHOOK_DELIVERIES, type WebhookDelivery, type WebhookEndpoint } from './apps-documents';
import { eventTypeName } from './event-type-name';

export type Props = { endpoint: WebhookEndpoint; onClose: () => void };

type Status = NonNullable<VariablesOf<typeof WEBHOOK_DELIVERIES>['status']>;
const STATUSES: readonly Status[] = ['delivered', 'pending', 'failed', 'paused'];

/** One page of an endpoint's deliveries, newest first, of one status or all. */
async function deliveriesPage(endpointId: string, status: Status | null, after: string | null) {
  const { webhookDeliveries } = await request(WEBHOOK_DELIVERIES, { endpointId, status, after });
  if (webhookDeliveries.__typename !== 'QueryWebhookDeliveriesConnection') throw new Error(webhookDeliveries.message);
  return {
    items: webhookDeliveries.edges.map((edge) => edge.node),
    endCursor: webhookDeliveries.pageInfo.endCursor ?? null,
    hasNextPage: webhookDeliveries.pageInfo.hasNextPage,
  };
}

/** When a delivery last happened: its last attempt, or when it was queued. */
const deliveryTime = (delivery: WebhookDelivery) => delivery.lastAttemptAt ?? delivery.createdAt;

/**
 * One endpoint's delivery log, newest first, 20 at a time: status, attempts, response code, last error and when;
 * filtered by status; "Redeliver" sends one again with its webhook-id.
 */
export function DeliveryLog({ endpoint, onClose }: Props) {
  const { t } = useTranslation('apps');
  const format = useWorkFormat();
  const action = useAdminAction();
  const [status, setStatus] = useState<Status | null>(null);
  const [version, setVersion] = useState(0);
  const [news, setNews] = useState('');
  const log = useCursorPages({ key: `${endpoint.id}:${status}`, version, read: (after) => deliveriesPage(endpoint.id, status, after) });
  const redeliver = async (delivery: WebhookDelivery) => {
    setNews('');
    const answer = await action.run(async () => (await request(REDELIVER_WEBHOOK, { input: { id: delivery.id } })).redeliverWebhook);
    if (!answer) return;
    setNews(t('log.redelivered'));
    setVersion((n) => n + 1);
  };
  return (
    <section className="admin-section delivery-log" aria-labelledby="delivery-log-title" data-testid="delivery-log">
      <h3 id="delivery-log-title">{t('hooks.deliveriesOf', { url: endpoint.url })}</h3>
      <div className="admin-fields">
        <div className="form-field">
          <label htmlFor="delivery-status">{t('log.status')}</label>
          <select id="delivery-status" value={status ?? ''} onChange={(event) => setStatus((event.target.value || null) as Status | null)}>
            <option value="">{t('log.anyStatus')}</option>
            {STATUSES.map((option) => (
              <option key={option} value={option}>
                {t(`log.state.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => setVersion((n) => n + 1)} data-testid="delivery-refresh">
          {t('log.refresh')}
        </button>
        <button type="button" onClick={onClose}>
          {t('log.close')}
        </button>
      </div>
      <div role="status" className="admin-news" data-testid="delivery-news">
        {news}
      </div>
      <FormProblem problem={action.problemElsewhere([])} />
      <PagedList list={log} empty={t('log.empty')}>
        <AdminTable
          testId="delivery-table"
          columns={(['event', 'status', 'attempts', 'code', 'error', 'at', 'action'] as const).map((column) => t(`log.columns.${column}`))}
        >
          {log.items.map((delivery) => (
            <tr key={delivery.id} data-testid="delivery-row" data-delivery-id={delivery.id} data-status={delivery.status}>
              <th scope="row">
                {eventTypeName(delivery.eventType, t)} <code>{delivery.eventType}</code>
              </th>
              <td data-testid="delivery-status">{t(`log.state.${delivery.status}`)}</td>
              <td>{format.count(delivery.attempts)}</td>
              <td data-testid="delivery-code">{delivery.responseCode ?? t('log.noAnswer')}</td>
              <td>{delivery.error ? <code>{delivery.error}</code> : '—'}</td>
              <td>{format.dateTime(deliveryTime(delivery))}</td>
              <td>
                <button type="button" onClick={() => void redeliver(delivery)} disabled={action.busy} data-testid="redeliver">
                  {t('log.redeliver')}
                  <span className="visually-hidden">
                    {' '}
                    {eventTypeName(delivery.eventType, t)} {format.dateTime(deliveryTime(delivery))}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      </PagedList>
    </section>
  );
}

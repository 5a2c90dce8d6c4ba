import { useTranslation } from 'react-i18next';
import { AdminTable } from '../people/AdminTable';
import { useWorkFormat } from '../shared/format';
import type { WebhookEndpoint } from './apps-documents';

/** What an admin can do to an endpoint from its row. */
export type EndpointAction = 'deliveries' | 'toggle' | 'rotate' | 'delete';

export type Props = { endpoints: readonly WebhookEndpoint[]; onAction: (endpoint: WebhookEndpoint, action: EndpointAction) => void };

/** The workspace's webhook endpoints: address, description, event types, whether enabled or failing; and their actions. */
export function EndpointTable({ endpoints, onAction }: Props) {
  const { t } = useTranslation('apps');
  const format = useWorkFormat();
  return (
    <AdminTable testId="endpoint-table" columns={(['url', 'description', 'events', 'status', 'action'] as const).map((column) => t(`hooks.columns.${column}`))}>
      {endpoints.map((endpoint) => (
        <tr key={endpoint.id} data-testid="endpoint-row" data-endpoint-id={endpoint.id} className={endpoint.enabled ? undefined : 'inactive'}>
          <th scope="row">
            <code className="as-text">{endpoint.url}</code>
          </th>
          <td>{endpoint.description}</td>
          <td>{t('hooks.eventCount', { count: endpoint.events.length })}</td>
          <td data-testid="endpoint-status">
            {endpoint.enabled ? t('hooks.enabled') : t('hooks.disabled')}
            {endpoint.failingSince && <span className="detail">{t('hooks.failing', { since: format.dateTime(endpoint.failingSince) })}</span>}
          </td>
          <td>
            <div className="row-actions" role="group" aria-label={t('hooks.actionsOf', { url: endpoint.url })}>
              <button type="button" onClick={() => onAction(endpoint, 'deliveries')} data-testid="endpoint-deliveries">
                {t('hooks.deliveries')}
              </button>
              <button type="button" onClick={() => onAction(endpoint, 'toggle')} data-testid="endpoint-toggle">
                {endpoint.enabled ? t('hooks.disable') : t('hooks.enable')}
              </button>
              <button type="button" onClick={() => onAction(endpoint, 'rotate')} data-testid="endpoint-rotate">
                {t('hooks.rotate')}
              </button>
              <button type="button" className="danger" onClick={() => onAction(endpoint, 'delete')} data-testid="endpoint-delete">
                {t('hooks.delete')}
              </button>
            </div>
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

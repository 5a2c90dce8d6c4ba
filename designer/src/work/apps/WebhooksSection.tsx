import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FormProblem } from '../../components/FormProblem';
import { request } from '../graphql';
import { ConfirmDialog } from '../people/ConfirmDialog';
import { useAdminAction } from '../people/useAdminAction';
import { DELETE_WEBHOOK_ENDPOINT, ROTATE_WEBHOOK_SECRET, UPDATE_WEBHOOK_ENDPOINT, WEBHOOK_ENDPOINTS, type WebhookEndpoint } from './apps-documents';
import { CreateEndpointForm } from './CreateEndpointForm';
import { DeliveryLog } from './DeliveryLog';
import { type EndpointAction, EndpointTable } from './EndpointTable';
import { SecretOnce } from './SecretOnce';

export type Props = Record<string, never>;

/** What is being confirmed: rotating an endpoint's secret or deleting it. */
type Confirming = { kind: 'rotate' | 'delete'; endpoint: WebhookEndpoint } | null;

/**
 * Webhook endpoints: the list, a form to add one (its signing secret shown once), enable or disable, rotate the
 * secret or delete after a confirm, and each endpoint's delivery log.
 */
export function WebhooksSection(_props: Props) {
  const { t } = useTranslation('apps');
  const endpoints = useApiQuery(() => request(WEBHOOK_ENDPOINTS), []);
  const action = useAdminAction();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [news, setNews] = useState('');
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [logOf, setLogOf] = useState<string | null>(null);
  const changed = (text: string) => {
    setNews(text);
    endpoints.reload();
  };
  const toggle = async (endpoint: WebhookEndpoint) => {
    const input = { id: endpoint.id, enabled: !endpoint.enabled };
    const answer = await action.run(async () => (await request(UPDATE_WEBHOOK_ENDPOINT, { input })).updateWebhookEndpoint);
    if (answer) changed(t(endpoint.enabled ? 'hooks.disabledNews' : 'hooks.enabledNews', { url: endpoint.url }));
  };
  const onAction = (endpoint: WebhookEndpoint, kind: EndpointAction) => {
    action.clear();
    if (kind === 'deliveries') setLogOf(endpoint.id);
    else if (kind === 'toggle') void toggle(endpoint);
    else setConfirming({ kind, endpoint });
  };
  const confirm = async () => {
    if (!confirming) return;
    const { kind, endpoint } = confirming;
    const input = { id: endpoint.id };
    if (kind === 'rotate') {
      const answer = await action.run(async () => (await request(ROTATE_WEBHOOK_SECRET, { input })).rotateWebhookSecret);
      if (answer?.__typename !== 'WebhookEndpointSecretPayload') return;
      setSecret({ url: endpoint.url, secret: answer.secret });
      changed('');
    } else {
      const answer = await action.run(async () => (await request(DELETE_WEBHOOK_ENDPOINT, { input })).deleteWebhookEndpoint);
      if (!answer) return;
      if (logOf === endpoint.id) setLogOf(null);
      setSecret(null);
      changed(t('hooks.deletedNews', { url: endpoint.url }));
    }
    setConfirming(null);
  };
  const list = endpoints.status === 'done' ? endpoints.data.webhookEndpoints : [];
  const shownLog = list.find((endpoint) => endpoint.id === logOf);
  return (
    <section className="admin-section" aria-labelledby="hooks-title" data-testid="webhooks">
      <h2 id="hooks-title">{t('hooks.title')}</h2>
      <div role="status" className="admin-news" data-testid="hooks-news">
        {news}
      </div>
      {!confirming && <FormProblem problem={action.problemElsewhere([])} />}
      {secret && <SecretOnce label={t('hooks.secret', { url: secret.url })} secret={secret.secret} testId="endpoint-secret" />}
      {endpoints.status === 'loading' && <p role="status">{t('loading')}</p>}
      {endpoints.status === 'error' && <ErrorMessage error={endpoints.error} />}
      {endpoints.status === 'done' && list.length === 0 && <p className="empty">{t('hooks.empty')}</p>}
      {list.length > 0 && <EndpointTable endpoints={list} onAction={onAction} />}
      {shownLog && <DeliveryLog key={shownLog.id} endpoint={shownLog} onClose={() => setLogOf(null)} />}
      <CreateEndpointForm
        eventTypes={endpoints.status === 'done' ? endpoints.data.webhookEventTypes : []}
        onCreated={(created) => {
          setSecret(created);
          changed('');
        }}
      />
      {confirming && (
        <ConfirmDialog
          title={t(confirming.kind === 'rotate' ? 'hooks.confirmRotateTitle' : 'hooks.confirmDeleteTitle', { url: confirming.endpoint.url })}
          text={t(confirming.kind === 'rotate' ? 'hooks.confirmRotateText' : 'hooks.confirmDeleteText')}
          confirmLabel={t(confirming.kind === 'rotate' ? 'hooks.rotate' : 'hooks.delete')}
          cancelLabel={t('cancel')}
          busy={action.busy}
          problem={action.problemElsewhere([])}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}

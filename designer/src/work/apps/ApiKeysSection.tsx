import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { request } from '../graphql';
import { ConfirmDialog } from '../people/ConfirmDialog';
import type { Person } from '../people/people-documents';
import { useAdminAction } from '../people/useAdminAction';
import { type ApiKey, REVOKE_API_KEY, ROTATE_API_KEY } from './apps-documents';
import { ApiKeyTable } from './ApiKeyTable';
import { CreateKeyForm } from './CreateKeyForm';
import { SecretOnce } from './SecretOnce';
import { useApiKeys } from './useApiKeys';

export type Props = { people: readonly Person[] };

/** What is being confirmed: rotating or revoking one key. */
type Confirming = { kind: 'rotate' | 'revoke'; key: ApiKey } | null;

/**
 * API keys: the list with last use, a form to create one (the token shown once, with a copy button), and rotate or
 * revoke after a confirm.
 */
export function ApiKeysSection({ people }: Props) {
  const { t } = useTranslation('apps');
  const keys = useApiKeys();
  const action = useAdminAction();
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [news, setNews] = useState('');
  const [confirming, setConfirming] = useState<Confirming>(null);
  const changed = () => keys.reload();
  const confirm = async () => {
    if (!confirming) return;
    const { kind, key } = confirming;
    if (kind === 'rotate') {
      const answer = await action.run(async () => (await request(ROTATE_API_KEY, { input: { id: key.id } })).rotateApiKey);
      if (answer?.__typename !== 'RotateApiKeyPayload') return;
      setToken({ name: key.name, token: answer.token });
      setNews('');
    } else {
      const answer = await action.run(async () => (await request(REVOKE_API_KEY, { input: { id: key.id } })).revokeApiKey);
      if (!answer) return;
      setNews(t('keys.revokedNews', { name: key.name }));
      setToken(null);
    }
    setConfirming(null);
    changed();
  };
  return (
    <section className="admin-section" aria-labelledby="keys-title" data-testid="api-keys">
      <h2 id="keys-title">{t('keys.title')}</h2>
      <div role="status" className="admin-news" data-testid="keys-news">
        {news}
      </div>
      {token && <SecretOnce label={t('keys.token', { name: token.name })} secret={token.token} testId="key-token" />}
      {keys.status === 'loading' && <p role="status">{t('loading')}</p>}
      {keys.status === 'error' && <ErrorMessage error={keys.error} />}
      {keys.status === 'done' && keys.data.keys.length === 0 && <p className="empty">{t('keys.empty')}</p>}
      {keys.status === 'done' && keys.data.keys.length > 0 && (
        <ApiKeyTable
          keys={keys.data.keys}
          onRotate={(key) => setConfirming({ kind: 'rotate', key })}
          onRevoke={(key) => setConfirming({ kind: 'revoke', key })}
        />
      )}
      <CreateKeyForm
        people={people}
        operations={keys.status === 'done' ? keys.data.operations : []}
        onCreated={(created) => {
          setToken(created);
          setNews('');
          changed();
        }}
      />
      {confirming && (
        <ConfirmDialog
          title={t(confirming.kind === 'rotate' ? 'keys.confirmRotateTitle' : 'keys.confirmRevokeTitle', { name: confirming.key.name })}
          text={t(confirming.kind === 'rotate' ? 'keys.confirmRotateText' : 'keys.confirmRevokeText')}
          confirmLabel={t(confirming.kind === 'rotate' ? 'keys.rotate' : 'keys.revoke')}
          cancelLabel={t('cancel')}
          busy={action.busy}
          problem={action.problemElsewhere([])}
          onConfirm={() => void confirm()}
          onCancel={() => {
            action.clear();
            setConfirming(null);
          }}
        />
      )}
    </section>
  );
}

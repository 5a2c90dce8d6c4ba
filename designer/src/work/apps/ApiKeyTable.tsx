import { useTranslation } from 'react-i18next';
import { AdminTable } from '../people/AdminTable';
import { roleNames } from '../people/role-options';
import { useWorkFormat } from '../shared/format';
import type { ApiKey } from './apps-documents';

export type Props = { keys: readonly ApiKey[]; onRotate: (key: ApiKey) => void; onRevoke: (key: ApiKey) => void };

/** The workspace's keys: whom each is for, what it may do, when it was last used; rotate or revoke a live one. */
export function ApiKeyTable({ keys, onRotate, onRevoke }: Props) {
  const { t } = useTranslation('apps');
  const { t: tApp } = useTranslation();
  const format = useWorkFormat();
  const ownerText = (key: ApiKey) => {
    if (key.owner?.__typename === 'User') return key.owner.name;
    if (key.owner?.__typename === 'Integration') return `${t('keys.integration', { name: key.owner.name })} · ${roleNames(key.owner.roles, tApp)}`;
    return '—';
  };
  return (
    <AdminTable
      testId="key-table"
      columns={(['name', 'owner', 'scope', 'created', 'lastUsed', 'status', 'action'] as const).map((column) => t(`keys.columns.${column}`))}
    >
      {keys.map((key) => (
        <tr key={key.id} data-testid="key-row" data-key-id={key.id} className={key.revokedAt ? 'inactive' : undefined}>
          <th scope="row">{key.name}</th>
          <td>{ownerText(key)}</td>
          <td data-testid="key-scope">
            {t(`keys.access.${key.scope.access}`)}
            {key.scope.operations.map((operation) => (
              <code key={operation} className="field-name">
                {operation}
              </code>
            ))}
          </td>
          <td>{format.dateTime(key.createdAt)}</td>
          <td data-testid="key-last-used">{key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('never')}</td>
          <td data-testid="key-status">{key.revokedAt ? t('keys.revoked', { at: format.dateTime(key.revokedAt) }) : t('keys.active')}</td>
          <td>
            <div className="row-actions">
              {!key.revokedAt && (
                <>
                  <button type="button" onClick={() => onRotate(key)} data-testid="rotate-key">
                    {t('keys.rotate')}
                    <span className="visually-hidden"> {key.name}</span>
                  </button>
                  <button type="button" onClick={() => onRevoke(key)} data-testid="revoke-key">
                    {t('keys.revoke')}
                    <span className="visually-hidden"> {key.name}</span>
                  </button>
                </>
              )}
            </div>
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}

import { useTranslation } from 'react-i18next';
import { routeHash } from '../../session/useRoute';
import { recordField } from '../notifications/record-field';
import { useDefinitionNames } from '../notifications/useDefinitionNames';
import { useWorkFormat } from '../shared/format';
import type { PoolRecord } from './pool-documents';

export type Props = {
  record: PoolRecord;
  /** Whether a claim of this record is on its way. */
  claiming: boolean;
  onClaim: (record: PoolRecord) => void;
};

/** One record waiting in the pool: name (a link to its page), stage, reason, since when, previous owner, and "Claim". */
export function PoolRow({ record, claiming, onClaim }: Props) {
  const { t } = useTranslation('pool');
  const format = useWorkFormat();
  const names = useDefinitionNames(record.workflowKey, record.workflowVersion);
  const name = recordField(record.fields, 'name') || t('unnamed');
  const company = recordField(record.fields, 'companyName') || recordField(record.fields, 'company');
  const pool = record.pool;
  return (
    <tr data-testid="pool-row" data-record-id={record.id}>
      <th scope="row">
        <a href={routeHash({ page: 'record', recordId: record.id })}>{name}</a>
        {company && <span className="detail">{company}</span>}
      </th>
      <td>{names.stage(record.stage)}</td>
      <td data-testid="pool-reason">{pool?.reason ? names.reason(pool.reason) : t('noReason')}</td>
      <td>{pool && <time dateTime={pool.since}>{format.dateTime(pool.since)}</time>}</td>
      <td>{pool?.previousOwner?.name ?? t('nobody')}</td>
      <td>
        <button type="button" onClick={() => onClaim(record)} disabled={claiming} aria-label={t('claimName', { name })} data-testid="claim">
          {t('claim')}
        </button>
      </td>
    </tr>
  );
}

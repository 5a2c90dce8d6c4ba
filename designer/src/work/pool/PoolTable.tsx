import { useTranslation } from 'react-i18next';
import type { PoolRecord } from './pool-documents';
import { PoolRow } from './PoolRow';

export type Props = {
  records: readonly PoolRecord[];
  claimingId: string | null;
  onClaim: (record: PoolRecord) => void;
};

/** The pool's records as a table: a row each, with its claim button. */
export function PoolTable({ records, claimingId, onClaim }: Props) {
  const { t } = useTranslation('pool');
  return (
    <div className="pool-table-wrap">
      <table className="pool-table" data-testid="pool-table">
        <caption className="visually-hidden">{t('title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('columns.record')}</th>
            <th scope="col">{t('columns.stage')}</th>
            <th scope="col">{t('columns.reason')}</th>
            <th scope="col">{t('columns.since')}</th>
            <th scope="col">{t('columns.previousOwner')}</th>
            <th scope="col">{t('columns.action')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <PoolRow key={record.id} record={record} claiming={claimingId === record.id} onClaim={onClaim} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

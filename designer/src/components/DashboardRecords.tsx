import { useTranslation } from 'react-i18next';
import { type DashboardSlice, listDashboardRecords } from '../api/funnel-api';
import { useApiQuery } from '../api/useApiQuery';
import { ErrorMessage } from './ErrorMessage';

export type Props = {
  workflowKey: string;
  slice: DashboardSlice;
  /** What the slice is, in words: a stage's or an owner's name. */
  title: string;
  stageName: (key: string) => string;
  money: Intl.NumberFormat;
  onClose: () => void;
};

/** The records behind the bar or stage clicked, each linking to its record page. */
export function DashboardRecords({ workflowKey, slice, title, stageName, money, onClose }: Props) {
  const { t } = useTranslation();
  const records = useApiQuery(() => listDashboardRecords({ workflowKey, slice }), [workflowKey, JSON.stringify(slice)]);
  return (
    <section className="dashboard-records" aria-labelledby="dashboard-records-heading" data-testid="dashboard-records">
      <div className="row">
        <h2 id="dashboard-records-heading">{t('dashboard.recordsOf', { what: title })}</h2>
        <button type="button" onClick={onClose}>
          {t('dashboard.closeRecords')}
        </button>
      </div>
      {records.status === 'loading' ? <p>{t('app.loading')}</p> : null}
      {records.status === 'error' ? <ErrorMessage error={records.error} /> : null}
      {records.status === 'done' && records.data.length === 0 ? <p>{t('dashboard.noRecords')}</p> : null}
      {records.status === 'done' && records.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.record')}</th>
              <th scope="col">{t('dashboard.stage')}</th>
              <th scope="col">{t('dashboard.owner')}</th>
              <th scope="col">{t('dashboard.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {records.data.map((record) => (
              <tr key={record.id} data-testid={`dashboard-record-${record.id}`}>
                <td>
                  <a href={`#/records/${encodeURIComponent(record.id)}`}>{String(record.fields.name ?? record.id)}</a>
                </td>
                <td>{stageName(record.stage)}</td>
                <td>{record.ownerId === null ? t('dashboard.noOwner') : (record.owner?.name ?? record.ownerId)}</td>
                <td>{typeof record.fields.amount === 'number' ? money.format(record.fields.amount) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

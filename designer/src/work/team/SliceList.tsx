import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { routeHash } from '../../session/useRoute';
import { recordField } from '../notifications/record-field';
import { useDefinitionNames } from '../notifications/useDefinitionNames';
import { type Slice, sliceRecords } from './slice-records';
import type { SliceRecord } from './team-documents';

export type Props = { workflowKey: string; slice: Slice };

/** The records behind the number clicked, each a link to its page. */
export function SliceList({ workflowKey, slice }: Props) {
  const { t } = useTranslation('team');
  const records = useApiQuery(() => sliceRecords({ workflowKey, slice }), [workflowKey, JSON.stringify(slice)]);
  const what = slice.kind === 'total' ? t('total') : slice.kind === 'owner' ? slice.name : t(`category.${slice.category}`);
  return (
    <section className="slice-list" aria-labelledby="slice-heading" data-testid="slice-list">
      <h2 id="slice-heading" tabIndex={-1}>
        {t('recordsBehind', { what })}
      </h2>
      {records.status === 'loading' && <p role="status">{t('loading')}</p>}
      {records.status === 'error' && <ErrorMessage error={records.error} />}
      {records.status === 'done' && (
        <>
          <p role="status" data-testid="slice-count">
            {t('sliceCount', { count: records.data.records.length })}
          </p>
          <ul>
            {records.data.records.map((record) => (
              <SliceItem key={record.id} record={record} />
            ))}
          </ul>
          {records.data.more && <p>{t('more')}</p>}
        </>
      )}
    </section>
  );
}

function SliceItem({ record }: { record: SliceRecord }) {
  const { t } = useTranslation('team');
  const names = useDefinitionNames(record.workflowKey, record.workflowVersion);
  return (
    <li data-testid="slice-record" data-record-id={record.id}>
      <a href={routeHash({ page: 'record', recordId: record.id })}>{recordField(record.fields, 'name') || t('unnamed')}</a>
      <span className="detail">
        {' '}
        {names.stage(record.stage)} · {record.owner?.name ?? t('nobody')}
      </span>
    </li>
  );
}

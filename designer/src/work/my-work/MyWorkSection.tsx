import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import { warnedFirst } from './due-timer';
import { MyWorkItem } from './MyWorkItem';
import type { MyWorkList } from './my-work-lists';
import { useMyWorkList } from './useMyWorkList';

export type Props = { list: MyWorkList };

/** One list of My work under its heading: its items, "show more" while more follow, or in words that it is empty. */
export function MyWorkSection({ list }: Props) {
  const { t } = useTranslation('myWork');
  const state = useMyWorkList(list);
  const headingId = `my-work-${list}`;
  const records = list === 'dueSoon' ? warnedFirst(state.records) : state.records;
  return (
    <section className="my-work-section" aria-labelledby={headingId} data-testid={`my-work-${list}`}>
      <h2 id={headingId}>{t(`lists.${list}`)}</h2>
      {state.status === 'loading' && <p role="status">{t('loading')}</p>}
      {state.error !== null && <ErrorMessage error={state.error} />}
      {state.status === 'ready' && records.length === 0 && <p className="empty">{t(`empty.${list}`)}</p>}
      {records.length > 0 && (
        <ul className="my-work-list">
          {records.map((record) => (
            <MyWorkItem key={record.id} list={list} record={record} />
          ))}
        </ul>
      )}
      {state.next !== null && (
        <button type="button" onClick={state.showMore} disabled={state.loadingMore} aria-label={t('showMoreOf', { list: t(`lists.${list}`) })}>
          {t('showMore')}
        </button>
      )}
    </section>
  );
}

import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import type { CursorPages } from './useCursorPages';

export type Props<T> = { list: CursorPages<T>; empty: string; children: ReactNode };

/** A list read page by page: what went wrong, "Loading…" while it reads, `empty` when nothing matched, then "Show more". */
export function PagedList<T>({ list, empty, children }: Props<T>) {
  const { t } = useTranslation('work');
  return (
    <>
      {list.error !== null && <ErrorMessage error={list.error} />}
      {list.status === 'loading' && <p role="status">{t('loading')}</p>}
      {list.status === 'ready' && list.items.length === 0 && <p className="empty">{empty}</p>}
      {list.items.length > 0 && children}
      {list.hasMore && list.status === 'ready' && (
        <button type="button" onClick={list.showMore}>
          {t('showMore')}
        </button>
      )}
    </>
  );
}

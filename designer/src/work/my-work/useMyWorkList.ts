import { useCallback, useEffect, useState } from 'react';
import { type MyWorkList, type MyWorkRecord, myWorkPage } from './my-work-lists';

/** One list of My work as the page holds it: the records read so far, and whether more follow. */
export interface MyWorkListState {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  records: readonly MyWorkRecord[];
  next: string | null;
  /** Whether a "show more" is being read. */
  loadingMore: boolean;
  showMore: () => void;
}

/**
 * Reads a list's first page, and each next page on "show more" (a record already shown is not shown twice).
 * @example const dueSoon = useMyWorkList('dueSoon');
 */
export function useMyWorkList(list: MyWorkList): MyWorkListState {
  const [state, setState] = useState<Omit<MyWorkListState, 'showMore'>>({ status: 'loading', error: null, records: [], next: null, loadingMore: false });
  useEffect(() => {
    let current = true;
    myWorkPage({ list, after: null }).then(
      (page) => current && setState({ status: 'ready', error: null, records: page.records, next: page.next, loadingMore: false }),
      (error: unknown) => current && setState((previous) => ({ ...previous, status: 'error', error })),
    );
    return () => {
      current = false;
    };
  }, [list]);
  const { next, loadingMore } = state;
  const showMore = useCallback(() => {
    if (next === null || loadingMore) return;
    setState((previous) => ({ ...previous, loadingMore: true }));
    myWorkPage({ list, after: next }).then(
      (page) =>
        setState((previous) => {
          const shown = new Set(previous.records.map((record) => record.id));
          const added = page.records.filter((record) => !shown.has(record.id));
          return { ...previous, records: [...previous.records, ...added], next: page.next, loadingMore: false, error: null };
        }),
      (error: unknown) => setState((previous) => ({ ...previous, error, loadingMore: false })),
    );
  }, [list, next, loadingMore]);
  return { ...state, showMore };
}

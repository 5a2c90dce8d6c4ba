import { useCallback, useEffect, useState } from 'react';
import { readFragment, request } from '../graphql';
import { POOL_PAGE, POOL_RECORD, type PoolRecord } from './pool-documents';

/** How many pool records the screen shows at first and adds with "show more". */
const POOL_PAGE_SIZE = 25;

export interface PoolList {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  records: readonly PoolRecord[];
  next: string | null;
  showMore: () => void;
  /** Takes a record off the list (claimed: it left the pool). */
  remove: (id: string) => void;
}

async function poolPage(input: { workflowKey: string; stage: string | null; after: string | null }) {
  const { pool } = await request(POOL_PAGE, { ...input, first: POOL_PAGE_SIZE });
  return {
    records: pool.edges.map((edge) => readFragment(POOL_RECORD, edge.node)),
    next: pool.pageInfo.hasNextPage ? (pool.pageInfo.endCursor ?? null) : null,
  };
}

/**
 * The records waiting in a workflow's pool stages (one stage, or all), a page at a time.
 * @example const pool = usePoolList({ workflowKey: 'standard_trunk', stage: null });
 */
export function usePoolList({ workflowKey, stage }: { workflowKey: string; stage: string | null }): PoolList {
  const [state, setState] = useState<Pick<PoolList, 'status' | 'error' | 'records' | 'next'>>({ status: 'loading', error: null, records: [], next: null });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading', error: null, records: [], next: null });
    poolPage({ workflowKey, stage, after: null }).then(
      (page) => current && setState({ status: 'ready', error: null, ...page }),
      (error: unknown) => current && setState({ status: 'error', error, records: [], next: null }),
    );
    return () => {
      current = false;
    };
  }, [workflowKey, stage]);
  const { next } = state;
  const showMore = useCallback(() => {
    if (next === null) return;
    poolPage({ workflowKey, stage, after: next }).then(
      (page) =>
        setState((previous) => {
          const shown = new Set(previous.records.map((record) => record.id));
          return { ...previous, records: [...previous.records, ...page.records.filter((record) => !shown.has(record.id))], next: page.next };
        }),
      (error: unknown) => setState((previous) => ({ ...previous, error })),
    );
  }, [workflowKey, stage, next]);
  const remove = useCallback((id: string) => setState((previous) => ({ ...previous, records: previous.records.filter((record) => record.id !== id) })), []);
  return { ...state, showMore, remove };
}

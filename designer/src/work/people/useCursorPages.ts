import { useCallback, useEffect, useRef, useState } from 'react';

/** One page of a Relay connection, as a list reads it. */
export interface CursorPage<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A list read page by page, and the way to read on. */
export interface CursorPages<T> {
  status: 'loading' | 'ready';
  items: T[];
  error: unknown;
  hasMore: boolean;
  showMore: () => void;
}

/**
 * Reads a connection one page at a time (the audit log, a delivery log): from the start again whenever `key` (what
 * the filter is) or `version` (bumped after a change) changes, then page after page on `showMore`.
 * @example const log = useCursorPages({ key: JSON.stringify(filter), version, read: (after) => auditPage(filter, after) });
 */
export function useCursorPages<T>({
  key,
  version,
  read,
}: {
  key: string;
  version: number;
  read: (after: string | null) => Promise<CursorPage<T>>;
}): CursorPages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [status, setStatus] = useState<'loading' | 'ready'>('loading');
  const [error, setError] = useState<unknown>(null);
  // The latest reader, so a new closure each render does not read again; `key` says when the filter changed.
  const reader = useRef(read);
  reader.current = read;
  const load = useCallback(async (after: string | null) => {
    setStatus('loading');
    setError(null);
    try {
      const page = await reader.current(after);
      setItems((before) => (after === null ? page.items : [...before, ...page.items]));
      setCursor(page.endCursor);
      setHasMore(page.hasNextPage);
    } catch (failure) {
      setError(failure);
    } finally {
      setStatus('ready');
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `version` are the reasons to read from the start again.
  useEffect(() => {
    void load(null);
  }, [load, key, version]);
  return { status, items, error, hasMore, showMore: () => void load(cursor) };
}

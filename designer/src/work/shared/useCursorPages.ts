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
 * Reads a connection one page at a time (the audit log, a delivery log, approvals): from the start again whenever `key`
 * (what the filter is) or `version` (bumped after a change) changes, then page after page on `showMore`. Read again
 * for `version`, `read` is told how many items were shown (`shown`), so a list that reads that many keeps in view
 * what the person had paged to; for a new `key`, `shown` is 0. Only the latest read's answer is shown: a read from the
 * start that a "Show more" overtook reads again rather than drop the page read on.
 * @example const log = useCursorPages({ key: JSON.stringify(filter), version, read: (after) => auditPage(filter, after) });
 */
export function useCursorPages<T>({
  key,
  version,
  read,
}: {
  key: string;
  version: number;
  read: (after: string | null, shown: number) => Promise<CursorPage<T>>;
}): CursorPages<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [status, setStatus] = useState<'loading' | 'ready'>('loading');
  const [error, setError] = useState<unknown>(null);
  // The latest reader, so a new closure each render does not read again; `key` says when the filter changed.
  const reader = useRef(read);
  reader.current = read;
  // How many items are shown once the answers so far are applied: counted as each is taken, not at the next render, so
  // a read that lands between an answer and its render counts that answer's page too.
  const shownCount = useRef(0);
  const readKey = useRef(key);
  // Every read started, and the latest of them from the start: only the latest read's answer is shown.
  const asked = useRef(0);
  const askedFromStart = useRef(0);
  const load = useCallback(async (after: string | null, shown = 0): Promise<void> => {
    const ask = ++asked.current;
    if (after === null) askedFromStart.current = ask;
    setStatus('loading');
    setError(null);
    let page: CursorPage<T>;
    try {
      page = await reader.current(after, shown);
    } catch (failure) {
      if (ask !== asked.current) return;
      setError(failure);
      setStatus('ready');
      return;
    }
    if (ask !== asked.current) {
      // A later read answers instead. A read from the start that a page read on ("Show more") overtook reads again,
      // as many as are shown by then: its news would otherwise be lost, or its answer take away the page read on.
      if (ask === askedFromStart.current) void load(null, shownCount.current);
      // A page read on that a read from the start (a live reload) overtook: that read counted what was shown before
      // this page, so it reads again with this page counted, or the page asked for would be taken away.
      else if (after !== null && askedFromStart.current > ask) void load(null, shownCount.current + page.items.length);
      return;
    }
    shownCount.current = after === null ? page.items.length : shownCount.current + page.items.length;
    setItems((before) => (after === null ? page.items : [...before, ...page.items]));
    setCursor(page.endCursor);
    setHasMore(page.hasNextPage);
    setStatus('ready');
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `version` are the reasons to read from the start again.
  useEffect(() => {
    const sameList = readKey.current === key;
    readKey.current = key;
    void load(null, sameList ? shownCount.current : 0);
  }, [load, key, version]);
  return { status, items, error, hasMore, showMore: () => void load(cursor) };
}

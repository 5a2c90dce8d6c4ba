import { useCallback, useEffect, useState, type DependencyList } from 'react';

/** Where a request stands. */
export type ApiQuery<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; data: T };

/**
 * Runs a request when its inputs change and gives its state; `reload` runs it again.
 * @example const workflows = useApiQuery(() => listWorkflows(apiKey), [apiKey]);
 */
export function useApiQuery<T>(request: () => Promise<T>, deps: DependencyList): ApiQuery<T> & { reload: () => void } {
  const [state, setState] = useState<ApiQuery<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the inputs in `deps`, as with useEffect itself.
  useEffect(() => {
    let current = true;
    setState((previous) => (previous.status === 'done' ? previous : { status: 'loading' }));
    request().then(
      (data) => current && setState({ status: 'done', data }),
      (error: unknown) => current && setState({ status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

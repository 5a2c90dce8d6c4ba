import { GraphqlRequestError } from './graphql-request';

/**
 * How long to wait before asking again, when the api answered that the tenant already runs as many operations of
 * this kind as it may (code BUSY, with `retryAfterMs`); null for any other failure.
 * @example busyRetryAfter(new GraphqlRequestError('…', 200, [{ message: '…', extensions: { code: 'BUSY', retryAfterMs: 1000 } }])) // → 1000
 */
export function busyRetryAfter(error: unknown): number | null {
  if (!(error instanceof GraphqlRequestError)) return null;
  const busy = error.errors.find((e) => e.extensions?.code === 'BUSY');
  const retryAfterMs = busy?.extensions?.retryAfterMs;
  return typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? retryAfterMs : null;
}

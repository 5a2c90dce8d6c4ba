import { describe, expect, it } from 'vitest';
import { busyRetryAfter } from '../src/api/busy-retry-after';
import { GraphqlRequestError } from '../src/api/graphql-request';

describe('busyRetryAfter', () => {
  it("reads when to ask again from the api's BUSY answer", () => {
    const busy = new GraphqlRequestError('busy', 200, [
      { message: 'This tenant has 6 validations…', extensions: { code: 'BUSY', operation: 'validation', retryAfterMs: 1500 } },
    ]);
    expect(busyRetryAfter(busy)).toBe(1500);
  });

  it('is null for any other failure, so it is shown instead of retried', () => {
    expect(busyRetryAfter(new GraphqlRequestError('forbidden', 200, [{ message: 'no', extensions: { code: 'FORBIDDEN' } }]))).toBeNull();
    expect(busyRetryAfter(new GraphqlRequestError('The api cannot be reached', null))).toBeNull();
    expect(busyRetryAfter(new GraphqlRequestError('busy', 200, [{ message: 'x', extensions: { code: 'BUSY' } }]))).toBeNull();
    expect(busyRetryAfter(new Error('BUSY'))).toBeNull();
  });
});

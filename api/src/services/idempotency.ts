import { randomUUID } from 'node:crypto';
import type { ApiConfig } from '../config';
import { ApiError } from '../errors';
import type { Models } from '../models/models';
import { isDuplicateKey } from '../models/duplicate-key';

/** How often a retry looks whether the first request with its key has answered. */
const POLL_MS = 20;

/** How long a retry waits for the first request, and when a reservation belongs to a request that died. */
type IdempotencyTiming = Pick<ApiConfig, 'idempotencyWaitMs' | 'idempotencyPendingTtlMs'>;

/**
 * Runs `fn` at most once per (tenant, idempotency key): the first request reserves the key, stores its
 * result, and every retry gets that stored result. A refusal (thrown error) frees the key so the
 * caller may fix the input and retry with the same key.
 * @example await once({ models, tenantId, key: 'tr-42', operation: 'transitionRecord', fn: () => transition() })
 */
export async function once<T>(input: {
  models: Models;
  tenantId: string;
  key: string | null | undefined;
  operation: string;
  timing: IdempotencyTiming;
  fn: () => Promise<T>;
}): Promise<T> {
  const { models, tenantId, key, operation } = input;
  if (!key) return input.fn();
  try {
    await models.IdempotencyKey.create({ _id: randomUUID(), tenantId, key, operation, state: 'pending', createdAt: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stored = await waitForStored<T>({ models, tenantId, key, operation, timing: input.timing });
    // The first request was refused and freed the key: this one runs.
    return stored ? stored.result : once(input);
  }
  try {
    const result = await input.fn();
    await models.IdempotencyKey.updateOne({ tenantId, key }, { $set: { state: 'done', result } });
    return result;
  } catch (error) {
    await models.IdempotencyKey.deleteOne({ tenantId, key, state: 'pending' });
    throw error;
  }
}

async function waitForStored<T>(input: {
  models: Models;
  tenantId: string;
  key: string;
  operation: string;
  timing: IdempotencyTiming;
}): Promise<{ result: T } | null> {
  const started = Date.now();
  for (;;) {
    const stored = await input.models.IdempotencyKey.findOne({ tenantId: input.tenantId, key: input.key }).lean();
    if (stored && stored.operation !== input.operation) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', `Idempotency key "${input.key}" was used for ${stored.operation}, not ${input.operation}`);
    }
    if (!stored) return null;
    if (stored.state === 'done') return { result: stored.result as T };
    if (Date.now() - new Date(stored.createdAt).getTime() > input.timing.idempotencyPendingTtlMs) {
      await input.models.IdempotencyKey.deleteOne({ tenantId: input.tenantId, key: input.key, state: 'pending', createdAt: stored.createdAt });
      return null;
    }
    const waitedMs = Date.now() - started;
    if (waitedMs > input.timing.idempotencyWaitMs) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_PENDING',
        `The first request with idempotency key "${input.key}" (${input.operation}) has not answered after ${Math.round(waitedMs / 1000)} s of waiting; retry with the same key later`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

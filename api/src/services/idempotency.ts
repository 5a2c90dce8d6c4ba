import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors';
import type { Models } from '../models/models';
import { isDuplicateKey } from '../models/duplicate-key';

const POLL_MS = 20;
const MAX_WAIT_MS = 10_000;
/** A reservation older than this belongs to a request that died; the next retry takes it over. */
const PENDING_TTL_MS = 60_000;

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
  fn: () => Promise<T>;
}): Promise<T> {
  const { models, tenantId, key, operation } = input;
  if (!key) return input.fn();
  try {
    await models.IdempotencyKey.create({ _id: randomUUID(), tenantId, key, operation, state: 'pending', createdAt: new Date() });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const stored = await waitForStored<T>({ models, tenantId, key, operation });
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

async function waitForStored<T>(input: { models: Models; tenantId: string; key: string; operation: string }): Promise<{ result: T } | null> {
  const started = Date.now();
  for (;;) {
    const stored = await input.models.IdempotencyKey.findOne({ tenantId: input.tenantId, key: input.key }).lean();
    if (stored && stored.operation !== input.operation) {
      throw new ApiError('IDEMPOTENCY_KEY_REUSED', `Idempotency key "${input.key}" was used for ${stored.operation}, not ${input.operation}`);
    }
    if (!stored) return null;
    if (stored.state === 'done') return { result: stored.result as T };
    if (Date.now() - new Date(stored.createdAt).getTime() > PENDING_TTL_MS) {
      await input.models.IdempotencyKey.deleteOne({ tenantId: input.tenantId, key: input.key, state: 'pending', createdAt: stored.createdAt });
      return null;
    }
    if (Date.now() - started > MAX_WAIT_MS) throw new Error(`idempotency key "${input.key}" still pending`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

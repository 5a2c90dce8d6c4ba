import type { ApiConfig } from '../config';

/**
 * When a webhook or email that failed `attempts` times (this one included) is tried again: the base wait doubled
 * after each failure, at most `deliveryRetryMaxDelayMs` apart, the last one at the end of the retry window; null
 * once the window since it was first due has passed (it is given up).
 * @example nextAttemptAt({ attempts: 1, firstDueAt, now, config }) // → now + 5 s (the default base)
 */
export function nextAttemptAt(input: {
  attempts: number;
  firstDueAt: Date;
  now: Date;
  config: Pick<ApiConfig, 'deliveryRetryBaseMs' | 'deliveryRetryMaxDelayMs' | 'deliveryRetryWindowMs'>;
}): Date | null {
  const { config, now } = input;
  const end = input.firstDueAt.getTime() + config.deliveryRetryWindowMs;
  if (now.getTime() >= end) return null;
  const wait = Math.min(config.deliveryRetryMaxDelayMs, config.deliveryRetryBaseMs * 2 ** Math.min(40, input.attempts - 1));
  return new Date(Math.min(end, now.getTime() + wait));
}

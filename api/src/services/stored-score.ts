import { scoreRecord, type CompiledWorkflow, type FunnelRecord, type Instant } from '@funnel/engine';
import type { StoredScore } from '../models/record';

/**
 * The score to store with `record` as written at `now`, or null when its workflow does not score.
 * @example storedScore({ workflow, record, now }) // → { score: 64, fitScore: 40, engagementScore: 24, scoredAt: now }
 */
export function storedScore(input: { workflow: CompiledWorkflow; record: FunnelRecord; now: Instant }): StoredScore | null {
  const scored = scoreRecord(input);
  if (!scored) return null;
  return {
    score: scored.score,
    fitScore: scored.fit,
    engagementScore: scored.engagement,
    scoredAt: input.record.outcome === undefined ? input.now : null,
  };
}

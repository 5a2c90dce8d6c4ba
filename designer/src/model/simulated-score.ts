import { scoreRecord, type CompiledWorkflow, type FunnelRecord, type Score } from '@funnel/engine';

/** How far ahead the simulator shows the score: engagement fades with its half-life, fit may not. */
export const SCORE_AHEAD_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The record's score at `now` and, as it stands (no new activity), `SCORE_AHEAD_DAYS` later; null when the definition
 * does not score.
 * @example simulatedScore({ workflow, record, now }) // → { now: { score: 64, fit: 40, engagement: 23.5 }, ahead: { score: 46, … } }
 */
export function simulatedScore({
  workflow,
  record,
  now,
}: {
  workflow: CompiledWorkflow;
  record: FunnelRecord;
  now: number;
}): { now: Score; ahead: Score } | null {
  const current = scoreRecord({ workflow, record, now });
  const ahead = scoreRecord({ workflow, record, now: now + SCORE_AHEAD_DAYS * DAY_MS });
  return current && ahead ? { now: current, ahead } : null;
}

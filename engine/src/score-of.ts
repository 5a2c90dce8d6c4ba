import type { CompiledScoring } from './compiled-workflow';
import type { FunnelRecord, Instant } from './record';
import { truthy } from './truthy';

/**
 * How many of its most recent activities a record keeps for engagement scoring: one a day for three months, beyond
 * which a decaying activity weighs little; it bounds the work of every score.
 * @example record.activities.length <= MAX_SCORED_ACTIVITIES // → true
 */
export const MAX_SCORED_ACTIVITIES = 100;

/**
 * A record's score at one instant: `score` (what guards read as `record.score`), from its `fit` and `engagement`
 * points (engagement to two decimals; the score rounds their exact sum and keeps it between 0 and the maximum).
 * @example { score: 64, fit: 40, engagement: 23.5 }
 */
export interface Score {
  score: number;
  fit: number;
  engagement: number;
}

const HUNDREDTHS = 100;

/**
 * The score of a record at `now`, a pure function of its fields (fit rules, each through its compiled condition, given
 * the data guards see as `fitData`) and its recent activities (each matching engagement rule's points, halved every
 * half-life since the activity; activities after `now` do not count yet).
 * @example scoreOf({ scoring, record, now, fitData: guardData(record, now, undefined) }) // → { score: 64, fit: 40, engagement: 23.5 }
 */
export function scoreOf(args: { scoring: CompiledScoring; record: FunnelRecord; now: Instant; fitData: unknown }): Score {
  const { scoring, record, now } = args;
  let fit = 0;
  for (const rule of scoring.fit) if (truthy(rule.when(args.fitData as never))) fit += rule.points;
  let engagement = 0;
  for (const activity of record.activities ?? []) {
    const age = now - activity.at;
    if (age < 0) continue;
    for (const rule of scoring.engagement) {
      if (rule.activity !== activity.type) continue;
      if (rule.outcomes && (activity.outcome === undefined || !rule.outcomes.has(activity.outcome))) continue;
      engagement += rule.halfLifeMs === null ? rule.points : rule.points * 0.5 ** (age / rule.halfLifeMs);
    }
  }
  const score = Math.min(scoring.max, Math.max(0, Math.round(fit + engagement)));
  return { score, fit, engagement: Math.round(engagement * HUNDREDTHS) / HUNDREDTHS };
}

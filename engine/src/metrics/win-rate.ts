import type { ClosingOutcome } from './closing-outcomes';

/** Records won and lost, and won / (won + lost); null when none closed. */
export interface WinRate {
  won: number;
  lost: number;
  rate: number | null;
}

/**
 * The win rate over the records that closed: won / (won + lost).
 * @example winRate(closingOutcomes({ definition, events })) // → { won: 3, lost: 7, rate: 0.3 }
 */
export function winRate(closed: ReadonlyMap<string, ClosingOutcome>): WinRate {
  const outcomes = [...closed.values()];
  const won = outcomes.filter((c) => c.outcome === 'won').length;
  const lost = outcomes.length - won;
  return { won, lost, rate: won + lost === 0 ? null : won / (won + lost) };
}

import type { Scoring } from '@funnel/schemas';
import type { Guard } from './compile-guard';
import { compileDuration } from './compile-duration';
import type { CompiledScoring } from './compiled-workflow';

/**
 * Compiles the definition's scoring section: each fit rule's `when` through the guard compiler (checked and run like
 * a guard, listed for the json-logic parity suites), each engagement rule's outcomes as a set and its half-life in
 * milliseconds. Assumes what checkScoring accepts (a half-life of fixed length); a definition it refuses never
 * reaches the engine.
 * @example compileScoring({ scoring, guard }).engagement[0]?.halfLifeMs // → 1209600000 (P14D)
 */
export function compileScoring(args: { scoring: Scoring; guard: (expression: unknown, pointer: string) => Guard }): CompiledScoring {
  const { scoring, guard } = args;
  return {
    max: scoring.max,
    fit: (scoring.fit ?? []).map((rule, i) => ({ key: rule.key, when: guard(rule.when, `/scoring/fit/${i}/when`), points: rule.points })),
    engagement: (scoring.engagement ?? []).map((rule) => ({
      key: rule.key,
      activity: rule.activity,
      ...(rule.outcomes ? { outcomes: new Set(rule.outcomes) } : {}),
      points: rule.points,
      halfLifeMs: rule.halfLife === undefined ? null : compileDuration(rule.halfLife).fixedMs,
    })),
  };
}

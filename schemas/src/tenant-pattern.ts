import { LRUCache } from 'lru-cache';
import { RE2JS } from 're2js';

/**
 * Longest `pattern` a field may declare: RE2 compiles and runs a pattern in time linear in the value, times
 * the pattern's size, so the size is bounded too.
 * @example 'x'.repeat(MAX_FIELD_PATTERN_LENGTH + 1) // refused by the definition schema
 */
export const MAX_FIELD_PATTERN_LENGTH = 1000;

/**
 * Patterns compiled by RE2, or why RE2 cannot run them: a definition's check, its two field validators and the
 * start-up scan each ask for the same patterns, which are compiled once.
 */
const compiledPatterns = new LRUCache<string, { compiled: RE2JS } | { reason: string }>({ max: 1_000 });

function compiledPattern(pattern: string): { compiled: RE2JS } | { reason: string } {
  let found = compiledPatterns.get(pattern);
  if (!found) {
    try {
      found = { compiled: RE2JS.compile(pattern) };
    } catch (error) {
      found = { reason: `RE2 cannot run it: ${error instanceof Error ? error.message : String(error)}` };
    }
    compiledPatterns.set(pattern, found);
  }
  return found;
}

/**
 * A tenant's field pattern compiled with RE2 semantics (re2js): matching takes time linear in the value,
 * whatever the pattern, so `^(a+)+$` cannot stall the server. JSON Schema patterns are not anchored, so the
 * value matches when the pattern is found anywhere in it, as `RegExp.prototype.test` would.
 * Throws when RE2 cannot run the pattern (lookarounds, backreferences, a bad syntax): see unsupportedPatternReason.
 * @example re2RegExp('^(a+)+$').test('a'.repeat(9000) + '!') // → false, in milliseconds
 */
export function re2RegExp(pattern: string): { test: (value: string) => boolean } {
  const found = compiledPattern(pattern);
  if ('reason' in found) throw new Error(found.reason);
  const { compiled } = found;
  return { test: (value) => compiled.matcher(value).find() };
}

/**
 * Why a tenant's field pattern cannot be run in linear time, or null when it can. RE2 refuses what needs
 * backtracking (lookahead, lookbehind, backreferences) and what is not a pattern at all.
 * @example unsupportedPatternReason('(a)\\1') // → 'RE2 cannot run it: error parsing regexp: invalid escape sequence: `\\1`'
 */
export function unsupportedPatternReason(pattern: string): string | null {
  const found = compiledPattern(pattern);
  return 'reason' in found ? found.reason : null;
}

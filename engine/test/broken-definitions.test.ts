import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../src';

/** One broken definition and the diagnostic compile must give for it. */
interface BrokenDefinition {
  description: string;
  definition: unknown;
  expected: {
    pointer: string;
    code: string;
    /** The whole message, word for word: a person reads it to fix the definition. */
    message: string;
    /** `warning` for a definition that compiles but is warned about; `error` unless said. */
    severity?: 'error' | 'warning';
    /** How many diagnostics compile gives in all (1 unless said): the one break causes no others, or these consequences. */
    diagnostics?: number;
  };
}

const FIXTURES = join(import.meta.dirname, 'broken-definitions');
const MIN_CASES = 20;
const cases = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as BrokenDefinition] as const);

describe('broken definitions', () => {
  it(`keeps at least ${MIN_CASES} broken definitions that compile refuses`, () => {
    expect(cases.filter(([, c]) => (c.expected.severity ?? 'error') === 'error').length).toBeGreaterThanOrEqual(MIN_CASES);
  });

  it.each(cases)('%s: compile points at what is wrong and says it in words', (_file, { definition, expected }) => {
    const severity = expected.severity ?? 'error';
    const before = structuredClone(definition);
    const result = compile(definition);
    // A definition that fails changes nothing: compile neither fills defaults in nor strips what it refuses.
    expect(definition).toEqual(before);
    expect(result.ok).toBe(severity === 'warning');
    // Errors come first, so the break itself is the first diagnostic, not a consequence of it.
    expect(result.diagnostics[0]).toEqual({ severity, pointer: expected.pointer, code: expected.code, message: expected.message });
    expect(result.diagnostics).toHaveLength(expected.diagnostics ?? 1);
  });
});

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
    code?: string;
    /** `warning` for a definition that compiles but is warned about; `error` unless said. */
    severity?: 'error' | 'warning';
  } & ({ message: string } | { messageContains: string });
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
    const result = compile(definition);
    expect(result.ok).toBe(severity === 'warning');
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({
        severity,
        pointer: expected.pointer,
        ...(expected.code ? { code: expected.code } : {}),
        message: 'message' in expected ? expected.message : expect.stringContaining(expected.messageContains),
      }),
    );
  });
});

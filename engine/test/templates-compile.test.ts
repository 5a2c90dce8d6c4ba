import { templates } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { compile } from '../src';

describe('shipped templates', () => {
  it.each(templates.map((t) => [t.key, t.definition] as const))('%s compiles with no errors and no warnings', (_key, definition) => {
    const result = compile(definition);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

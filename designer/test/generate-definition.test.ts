import { describe, expect, it } from 'vitest';
import { compile } from '@funnel/engine';
import { generateDefinition } from '../src/model/generate-definition';
import { definitionToFlow } from '../src/model/definition-to-flow';

describe('the benchmark definition', () => {
  it('has 60 stages and 150 transitions, no positions, and compiles without a diagnostic', () => {
    const definition = generateDefinition({ stages: 60, transitions: 150 });
    expect(definition.stages).toHaveLength(60);
    expect(definition.transitions).toHaveLength(150);
    expect(definitionToFlow(definition).needsLayout).toBe(true);
    const compiled = compile(definition);
    expect(compiled.diagnostics).toEqual([]);
    expect(compiled.ok).toBe(true);
  });
});

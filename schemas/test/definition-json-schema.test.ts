import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { definitionJsonSchema } from '../src';

describe('definition.schema.json', () => {
  it('matches the TypeBox source (run `npx tsx schemas/scripts/print-definition-schema.ts` after changing it)', () => {
    const printed = JSON.parse(readFileSync(new URL('../definition.schema.json', import.meta.url), 'utf8'));
    expect(printed).toEqual(definitionJsonSchema());
  });
});

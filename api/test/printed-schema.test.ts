import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printSchema } from 'graphql/index.js';
import { buildSchema, printedSchema } from '../src/schema/schema';

const SCHEMA_FILE = fileURLToPath(new URL('../schema.graphql', import.meta.url));

describe('printed schema', () => {
  it('matches api/schema.graphql (run with FUNNEL_UPDATE_SCHEMA=1 to accept a change)', () => {
    const printed = printedSchema();
    if (process.env.FUNNEL_UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, printed);
    expect(printed, 'schema changed: review it, then run FUNNEL_UPDATE_SCHEMA=1 npx vitest run --project api printed-schema').toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('has the test-clock mutations only when the test clock is on', () => {
    const without = printSchema(buildSchema({ testClock: false }));
    const withClock = printSchema(buildSchema({ testClock: true }));
    for (const field of ['setClock', 'advanceClock', 'runDueTimers']) {
      expect(without).not.toContain(`${field}(`);
      expect(withClock).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });
});

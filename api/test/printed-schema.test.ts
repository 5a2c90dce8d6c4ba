import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printSchema, type GraphQLObjectType } from 'graphql/index.js';
import { DEFAULT_JOB_STALE_AFTER_MS } from '../src/config';
import { buildSchema, printedSchema } from '../src/schema/schema';

const SCHEMA_FILES = [
  { testClock: false, file: fileURLToPath(new URL('../schema.graphql', import.meta.url)) },
  { testClock: true, file: fileURLToPath(new URL('../schema.test-clock.graphql', import.meta.url)) },
];

describe('printed schema', () => {
  it.each(SCHEMA_FILES)('matches $file (test clock: $testClock; run with FUNNEL_UPDATE_SCHEMA=1 to accept a change)', ({ testClock, file }) => {
    const printed = printedSchema({ testClock });
    if (process.env.FUNNEL_UPDATE_SCHEMA === '1') writeFileSync(file, printed);
    expect(printed, 'schema changed: review it, then run FUNNEL_UPDATE_SCHEMA=1 npx vitest run --project api printed-schema').toBe(readFileSync(file, 'utf8'));
  });

  it('has the test-clock mutations only when the test clock is on', () => {
    const without = printSchema(buildSchema({ testClock: false }));
    const withClock = printSchema(buildSchema({ testClock: true }));
    for (const field of ['setClock', 'advanceClock', 'runDueTimers']) {
      expect(without).not.toContain(`${field}(`);
      expect(withClock).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });

  it('describes the job heartbeat by the jobStaleAfterMs setting, with the default its numbers are for', () => {
    const job = buildSchema({ testClock: false }).getType('Job') as GraphQLObjectType;
    const description = job.getFields().updatedAt?.description ?? '';
    expect(description).toContain('jobStaleAfterMs');
    expect(description).toContain(`${DEFAULT_JOB_STALE_AFTER_MS / 8 / 1000} s by default`);
    expect(description).toContain(`${DEFAULT_JOB_STALE_AFTER_MS / 1000} s by default`);
  });
});

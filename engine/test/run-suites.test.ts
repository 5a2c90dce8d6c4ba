import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, guardData, type Actor, type CompiledWorkflow, type FunnelRecord, type Instant } from '../src';
import { runSuiteAction } from './run-suite-action';
import { seedRecord } from './seed-record';
import { caseDefinition, type SuiteAction, type SuiteCase } from './suite-case';
import { toInstants, toIso } from './suite-times';

/**
 * Runs every case of engine/test/suites/*.json (except the metrics-*.json ones, which have their own runner)
 * through the engine, and checks every compiled guard, rule and cadence condition of the case's definition
 * against json-logic-js (the reference semantics) on the records before and after.
 */
const SUITES = join(import.meta.dirname, 'suites');
const MIN_ENGINE_CASES = 130;
const MIN_ALL_CASES = 150;
/** broken-definitions.json: each case one patch away from a valid base, with the diagnostic compile must give. */
const BROKEN_DEFINITIONS = 'broken-definitions.json';
const MIN_BROKEN_DEFINITIONS = 20;
/** Issue 20's areas, one suite each: scoring with decay, thresholds, follow-up timers, approvals, probabilities. */
const ISSUE_20_SUITES = ['scoring.json', 'score-thresholds.json', 'follow-ups.json', 'approvals.json', 'probabilities.json'];
const MIN_ISSUE_20_CASES = 10;
const ABSENT = '$absent';
const DEFAULT_ACTOR: Actor = { id: 'sam', roles: ['sales'] };

const allFiles = readdirSync(SUITES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const engineFiles = allFiles.filter((f) => !f.startsWith('metrics-'));
const read = (file: string) => JSON.parse(readFileSync(join(SUITES, file), 'utf8')) as SuiteCase[];

/** The compiled closures and json-logic-js agree on every expression of the definition, for this record. */
function expectParity(workflow: CompiledWorkflow, record: FunnelRecord | undefined, now: Instant): number {
  if (!record) return 0;
  const data = guardData(record, now, workflow.scoring);
  for (const { pointer, logic, evaluate } of workflow.logic) {
    expect(evaluate(data), `compiled ${pointer} agrees with json-logic-js`).toEqual(jsonLogic.apply(logic as RulesLogic, data));
  }
  return workflow.logic.length;
}

/**
 * `"$absent"` in an expectation means the property must not be there: checked here against the actual value,
 * and dropped from what toMatchObject then compares.
 */
function expectAbsent({ expected, actual, path = '' }: { expected: unknown; actual: unknown; path?: string }): unknown {
  if (Array.isArray(expected))
    return expected.map((item, i) => expectAbsent({ expected: item, actual: (actual as unknown[] | undefined)?.[i], path: `${path}/${i}` }));
  if (expected === null || typeof expected !== 'object') return expected;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(expected)) {
    const actualValue = (actual as Record<string, unknown> | undefined)?.[key];
    if (value === ABSENT) expect(actual ?? {}, `${path}/${key} is absent`).not.toHaveProperty([key]);
    else kept[key] = expectAbsent({ expected: value, actual: actualValue, path: `${path}/${key}` });
  }
  return kept;
}

/**
 * The record frozen all the way down: every decision function must leave its input as it was (the api
 * hands the same record object, the state it last wrote, to the next mutation of that record), and in
 * strict mode a write to a frozen object throws.
 */
function frozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) frozen((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

function recordOf(result: unknown): FunnelRecord | undefined {
  return (result as { record?: FunnelRecord } | null)?.record;
}

type Step = Exclude<SuiteAction, { type: 'compile' } | { type: 'sequence' }>;

function runCase(c: SuiteCase): unknown {
  const definition = caseDefinition(c);
  const now = toInstants(c.now, 'now') as Instant;
  const action = toInstants(c.action) as SuiteAction;
  const options = { published: c.published === true };
  if (action.type === 'compile') {
    const before = structuredClone(definition);
    const result = compile(definition, options);
    // A definition that fails changes nothing: compile neither fills defaults in nor strips what it refuses.
    expect(definition).toEqual(before);
    return { ok: result.ok, diagnostics: result.diagnostics };
  }
  const compiled = compile(definition, options);
  if (!compiled.ok) throw new Error(`case "${c.description}": definition does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  const workflow = compiled.workflow;
  let record = c.record ? seedRecord({ workflow, seed: toInstants(c.record) as Record<string, unknown>, now }) : undefined;
  expectParity(workflow, record, now);
  const actor = c.actor ?? DEFAULT_ACTOR;
  if (action.type !== 'sequence') {
    const result = runSuiteAction(action, { workflow, record: frozen(record), actor, now });
    expectParity(workflow, recordOf(result), now);
    return result;
  }
  const path: string[] = [];
  let last: unknown;
  for (const { now: stepNow, actor: stepActor, ...step } of action.steps) {
    const at = (stepNow as unknown as Instant | undefined) ?? now;
    last = runSuiteAction(step as Step, { workflow, record: frozen(record), actor: stepActor ?? actor, now: at });
    const next = recordOf(last);
    if (!next) break;
    record = next;
    path.push(next.stage);
    expectParity(workflow, record, at);
  }
  return { ...(last as object), path };
}

describe('engine suites', () => {
  it(`have at least ${MIN_ENGINE_CASES} engine cases and, with the metrics suites, at least ${MIN_ALL_CASES}`, () => {
    const engineCases = engineFiles.reduce((n, f) => n + read(f).length, 0);
    const allCases = allFiles.reduce((n, f) => n + read(f).length, 0);
    expect(engineCases).toBeGreaterThanOrEqual(MIN_ENGINE_CASES);
    expect(allCases).toBeGreaterThanOrEqual(MIN_ALL_CASES);
  });

  it(`keep at least ${MIN_ISSUE_20_CASES} cases for each of issue 20's areas`, () => {
    for (const file of ISSUE_20_SUITES) expect(read(file).length, file).toBeGreaterThanOrEqual(MIN_ISSUE_20_CASES);
  });

  it(`keep at least ${MIN_BROKEN_DEFINITIONS} broken definitions that compile refuses`, () => {
    const refused = read(BROKEN_DEFINITIONS).filter((c) => c.action.type === 'compile' && (c.expected as { ok: boolean }).ok === false);
    expect(refused.length).toBeGreaterThanOrEqual(MIN_BROKEN_DEFINITIONS);
  });

  for (const file of engineFiles) {
    describe(file, () => {
      it.each(read(file).map((c) => [c.description, c] as const))('%s', (_description, c) => {
        const actual = toIso(runCase(c));
        expect(actual).toMatchObject(expectAbsent({ expected: toIso(toInstants(c.expected)), actual }) as object);
      });
    });
  }
});

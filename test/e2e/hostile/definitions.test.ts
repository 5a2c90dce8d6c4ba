import { afterAll, beforeAll, describe, it } from 'vitest';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { RECORD_RESULT, startHarness } from '../harness';
import { gqlRequest, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

const VALIDATE = 'query($d: JSON!) { validateWorkflow(definition: $d) { ok diagnostics { severity code pointer message } } }';
const SAVE = 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }';
const PUBLISH = `mutation($k: String!) { publishWorkflow(input: { key: $k }) { __typename
  ... on ValidationFailed { code diagnostics { code pointer message } } ... on WorkflowVersion { version } } }`;

/** The standard trunk with one change: each case breaks or stretches one place. */
function trunk(change: (d: WorkflowDefinition) => void = () => undefined): WorkflowDefinition {
  const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
  change(definition);
  return definition;
}

function stage(key: string) {
  return { key, name: { en: key }, phase: 'lead' as const, probability: 0, forecastCategory: 'omitted' as const };
}

/** A lead stage's first timer, with its `after` replaced. */
function timerAfter(after: string): WorkflowDefinition {
  return trunk((d) => {
    const withTimer = d.stages.find((s) => s.timers?.length);
    const timer = withTimer?.timers?.[0];
    if (!timer) throw new Error('the standard trunk has no timer');
    timer.after = after;
  });
}

function timerPointer(): string {
  const d = trunk();
  const i = d.stages.findIndex((s) => s.timers?.length);
  return `/stages/${i}/timers/0/after`;
}

function guarded(logic: unknown): WorkflowDefinition {
  return trunk((d) => {
    const first = d.transitions[0];
    if (first) first.guard = { logic, message: { en: 'no' } };
  });
}

const validate = (definition: unknown) => (ctx: HostileContext) => gqlRequest(ctx.h, ctx.t.admin, VALIDATE, { d: definition });

const cases: HostileCase[] = [
  {
    name: 'a definition of 10,000 stages is refused by its size at /stages',
    send: validate(trunk((d) => d.stages.push(...Array.from({ length: 10_000 }, (_, i) => stage(`extra_${i}`))))),
    expect: { refused: 'schema.maxItems', pointer: '/stages' },
  },
  {
    name: 'a definition of 3,000 transitions is refused by its size at /transitions',
    send: validate(
      trunk((d) =>
        d.transitions.push(...Array.from({ length: 3000 }, (_, i) => ({ key: `t_${i}`, name: { en: 't' }, from: [d.initialStage], to: d.initialStage }))),
      ),
    ),
    expect: { refused: 'schema.maxItems', pointer: '/transitions' },
  },
  {
    name: 'a definition of 600 fields is refused by its size at /fields/properties',
    send: validate(trunk((d) => Object.assign(d.fields.properties, Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`f${i}`, { type: 'string' }]))))),
    expect: { refused: 'schema.maxProperties', pointer: '/fields/properties' },
  },
  {
    name: 'a stage graph that cycles between two stages and never reaches the rest is refused as unreachable',
    send: validate(
      trunk((d) => {
        d.stages = [stage('a'), stage('b'), { ...stage('won'), outcome: 'won' as const, phase: 'order' as const }];
        d.initialStage = 'a';
        d.pipelines = [];
        d.transitions = [
          { key: 'ab', name: { en: 'ab' }, from: ['a'], to: 'b' },
          { key: 'ba', name: { en: 'ba' }, from: ['b'], to: 'a' },
        ];
        d.rules = [];
        d.fields.required = [];
      }),
    ),
    expect: { refused: 'compile.unreachable_stage', pointer: '/stages/2' },
  },
  {
    name: 'a transition to a stage that does not exist is refused at its pointer',
    send: validate(trunk((d) => ((d.transitions[0] as { to: string }).to = 'nowhere'))),
    expect: { refused: 'compile.unknown_stage', pointer: '/transitions/0/to' },
  },
  {
    name: 'a guard with the json-logic "log" operator is refused as an unknown operator',
    send: validate(guarded({ log: 'hello' })),
    expect: { refused: 'guard.operator', pointer: '/transitions/0/guard/logic/log' },
  },
  {
    name: 'a guard with the json-logic "method" operator (a call on an object) is refused',
    send: validate(guarded({ method: [{ var: 'name' }, 'toUpperCase'] })),
    expect: { refused: 'guard.operator', pointer: '/transitions/0/guard/logic/method' },
  },
  {
    name: 'a guard reaching for constructor through var is only a var of no field, a warning',
    send: validate(guarded({ '==': [{ var: 'constructor.name' }, 'Object'] })),
    expect: { refused: 'guard.unknown_var', pointer: '/transitions/0/guard/logic/==/0/var' },
  },
  {
    name: 'a timer duration in words is refused at its pointer',
    send: validate(timerAfter('7 days')),
    expect: { refused: 'schema.pattern', pointer: timerPointer() },
  },
  {
    name: 'an empty duration "P" is refused',
    send: validate(timerAfter('P')),
    expect: { refused: 'schema.pattern', pointer: timerPointer() },
  },
  {
    name: 'a negative duration is refused',
    send: validate(timerAfter('-P7D')),
    expect: { refused: 'schema.pattern', pointer: timerPointer() },
  },
  {
    name: 'a fractional duration is refused',
    send: validate(timerAfter('P1.5D')),
    expect: { refused: 'schema.pattern', pointer: timerPointer() },
  },
  {
    name: 'a duration of 10^20 days is refused, not turned into an invalid date',
    send: validate(timerAfter('P100000000000000000000D')),
    expect: { refused: 'compile.duration_too_long', pointer: timerPointer() },
  },
  {
    name: 'a field pattern with a lookahead is refused: RE2 cannot run it in linear time',
    send: validate(trunk((d) => (d.fields.properties.code = { type: 'string', pattern: '^(?=.*\\d)\\w+$' }))),
    expect: { refused: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' },
  },
  {
    name: 'a field pattern with a backreference is refused',
    send: validate(trunk((d) => (d.fields.properties.code = { type: 'string', pattern: '^(\\w)\\1$' }))),
    expect: { refused: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' },
  },
  {
    name: 'a catastrophic pattern ^(a+)+$ is accepted: RE2 runs it in linear time',
    send: validate(trunk((d) => (d.fields.properties.code = { type: 'string', pattern: '^(a+)+$' }))),
    expect: { inert: true },
  },
  {
    name: 'a field pattern of 5,000 characters is refused by its length',
    send: validate(trunk((d) => (d.fields.properties.code = { type: 'string', pattern: 'a'.repeat(5000) }))),
    expect: { refused: 'schema.maxLength', pointer: '/fields/properties/code/pattern' },
  },
  {
    name: 'a definition that is a string is refused at the root',
    send: validate('standard_trunk'),
    expect: { refused: 'schema.type', pointer: '' },
  },
  {
    // Refused for every JSON input before any work (docs/api.md "Limits"): a copy would take it as the prototype.
    name: 'a stage with a __proto__ property is refused as a reserved key',
    send: validate(JSON.parse(JSON.stringify(trunk()).replace('"key":"lead"', '"__proto__":{"polluted":true},"key":"lead"'))),
    expect: { refused: 'reserved_key', pointer: '/definition/stages/0/__proto__' },
  },
  {
    name: 'a field named __proto__ is refused as a reserved key',
    send: validate(JSON.parse(JSON.stringify(trunk()).replace('"properties":{', '"properties":{"__proto__":{"type":"string"},'))),
    expect: { refused: 'reserved_key', pointer: '/definition/fields/properties/__proto__' },
  },
  {
    name: 'a stage key of 65 characters is refused by its length',
    send: validate(trunk((d) => d.stages.push(stage('k'.repeat(65))))),
    expect: { refused: 'schema.maxLength' },
  },
  {
    name: 'a stage name of 10,000 characters is refused by its length',
    send: validate(trunk((d) => ((d.stages[0] as { name: { en: string } }).name.en = 'n'.repeat(10_000)))),
    expect: { refused: 'schema.maxLength', pointer: '/stages/0/name/en' },
  },
  {
    name: 'an initial stage that does not exist is refused',
    send: validate(trunk((d) => (d.initialStage = 'missing'))),
    expect: { refused: 'compile.unknown_stage', pointer: '/initialStage' },
  },
  {
    name: 'publishing a saved draft with a lookahead pattern is refused and publishes nothing',
    prepare: async (ctx) => {
      await ctx.h.gql(ctx.t.admin, SAVE, {
        i: {
          key: 'hostile_draft',
          definition: trunk((d) => {
            d.key = 'hostile_draft';
            d.fields.properties.code = { type: 'string', pattern: '(?<=x)y' };
          }),
        },
      });
    },
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, PUBLISH, { k: 'hostile_draft' }),
    expect: { refused: 'compile.pattern_unsupported', pointer: '/fields/properties/code/pattern' },
  },
  {
    name: 'publishing a saved draft of 10,000 stages is refused and publishes nothing',
    prepare: async (ctx) => {
      await ctx.h.gql(ctx.t.admin, SAVE, {
        i: {
          key: 'huge_draft',
          definition: trunk((d) => {
            d.key = 'huge_draft';
            d.stages.push(...Array.from({ length: 10_000 }, (_, i) => stage(`extra_${i}`)));
          }),
        },
      });
    },
    send: (ctx) => gqlRequest(ctx.h, ctx.t.admin, PUBLISH, { k: 'huge_draft' }),
    expect: { refused: 'schema.maxItems', pointer: '/stages' },
  },
  {
    name: 'a record value against a published ^(a+)+$ pattern is refused in linear time',
    prepare: async (ctx) => {
      const definition = trunk((d) => {
        d.key = 'evil_pattern';
        d.fields.properties.code = { type: 'string', pattern: '^(a+)+$' };
      });
      await ctx.h.publish({ admin: ctx.t.admin, key: 'evil_pattern', definition });
    },
    send: (ctx) =>
      gqlRequest(
        ctx.h,
        ctx.t.sales,
        `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} ... on ValidationFailed { diagnostics { code } } } }`,
        {
          i: { workflowKey: 'evil_pattern', fields: { name: 'Evil', code: `${'a'.repeat(9000)}!` } },
        },
      ),
    expect: { refused: 'schema.pattern', pointer: '/fields/code' },
  },
];

describe('hostile definitions', () => {
  let ctx: HostileContext;

  beforeAll(async () => {
    const h = await startHarness();
    const t = await h.tenant('Victim');
    const other = await h.tenant('Other');
    ctx = { h, t, other, recordId: '', otherRecordId: '' };
  });
  afterAll(() => ctx.h.close());

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => runHostileCase(ctx, c));
});

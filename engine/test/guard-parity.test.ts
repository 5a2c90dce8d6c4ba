import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import jsonLogic, { type RulesLogic } from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, compileGuard } from '../src';

/** json-logic-js is the reference: the compiled closures must give the same value for every expression and data. */
function expectSame(logic: unknown, data: unknown): void {
  const compiled = compileGuard(logic, { pointer: '' });
  let reference: unknown;
  try {
    reference = jsonLogic.apply(logic as RulesLogic, data);
  } catch {
    // Where json-logic-js throws (missing_some over null), the closure throws too; compile refuses such definitions.
    expect(() => compiled.evaluate(data), JSON.stringify({ logic, data })).toThrow();
    return;
  }
  expect(compiled.evaluate(data), JSON.stringify({ logic, data })).toEqual(reference);
}

const DATA = [
  {},
  { score: 60, source: 'web', phone: '+1 555', record: { daysInStage: 7, stage: 'sql' }, tags: ['vip', 'eu'], n: '5', zero: 0, empty: '', nil: null, list: [] },
  { score: '61', source: 'Web', phone: '', record: null, tags: [], n: 5, zero: '0', empty: [], nil: false, list: [0] },
  { score: null, source: null, record: { daysInStage: '8' }, tags: 'vip,eu', n: 'x', nested: { a: { b: { c: 3 } } } },
];

const CASES: [string, unknown][] = [
  ['missing variable is null', { var: 'nothing' }],
  ['missing variable with a default', { var: ['nothing', 42] }],
  ['default not used for null', { var: ['nil', 'dflt'] }],
  ['two-segment path through null', { var: 'record.daysInStage' }],
  ['two-segment path with a default', { var: ['record.stage', 'none'] }],
  ['three-segment path', { var: 'nested.a.b.c' }],
  ['array index path', { var: 'tags.0' }],
  ['numeric var path', { var: 1 }],
  ['empty var is the whole data', { var: '' }],
  ['dynamic var path', { var: { cat: ['sco', 're'] } }],
  ['>= number', { '>=': [{ var: 'score' }, 60] }],
  ['>= string against number', { '>=': [{ var: 'n' }, 5] }],
  ['>= null', { '>=': [{ var: 'nil' }, 0] }],
  ['> two variables', { '>': [{ var: 'score' }, { var: 'n' }] }],
  ['< constant on the left', { '<': [0, { var: 'score' }] }],
  ['< between', { '<': [0, { var: 'zero' }, 10] }],
  ['<= between inclusive', { '<=': [0, { var: 'record.daysInStage' }, 7] }],
  ['== loose', { '==': [{ var: 'zero' }, 0] }],
  ['== null and missing', { '==': [{ var: 'nil' }, null] }],
  ['=== strict', { '===': [{ var: 'zero' }, 0] }],
  ['!= loose', { '!=': [{ var: 'n' }, 5] }],
  ['!== strict', { '!==': [{ var: 'n' }, '5'] }],
  ['== on a two-segment path', { '==': [{ var: 'record.stage' }, 'sql'] }],
  ['in an array', { in: [{ var: 'source' }, ['web', 'referral', 'event']] }],
  ['in a string', { in: ['vip', { var: 'tags' }] }],
  ['in a variable array', { in: ['vip', { var: 'tags' }] }],
  ['in with a null haystack', { in: ['x', { var: 'nil' }] }],
  ['in a constant string', { in: [{ var: 'source' }, 'website'] }],
  ['in a two-segment path', { in: [{ var: 'record.stage' }, ['sql', 'mql']] }],
  ['in a long list (a Set lookup): strict, 5 is not "5"', { in: [{ var: 'n' }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 5, null]] }],
  ['in a long list on a two-segment path', { in: [{ var: 'record.daysInStage' }, [0, 1, 2, 3, 4, 5, 6, 7, '8']] }],
  ['in a long list, read by a computed needle', { in: [{ '+': [{ var: 'zero' }, 1] }, [0, 1, 2, 3, 4, 5, 6, 7, 8]] }],
  ['in a long list finds null for a missing field', { in: [{ var: 'nothing' }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', null]] }],
  ['!! of a string', { '!!': { var: 'phone' } }],
  ['!! of an empty array', { '!!': [{ var: 'list' }] }],
  ['!! of "0"', { '!!': { var: 'zero' } }],
  ['! of an empty string', { '!': { var: 'empty' } }],
  ['! of a two-segment path', { '!': { var: 'record.daysInStage' } }],
  ['and returns the first falsy value', { and: [{ var: 'phone' }, { var: 'zero' }, { var: 'score' }] }],
  ['and returns the last value', { and: [{ var: 'source' }, { var: 'score' }] }],
  ['empty and', { and: [] }],
  ['or returns the first truthy value', { or: [{ var: 'empty' }, { var: 'list' }, { var: 'source' }] }],
  ['or of comparisons', { or: [{ '>': [{ var: 'score' }, 100] }, { '==': [{ var: 'source' }, 'web'] }] }],
  [
    'four-clause guard',
    {
      and: [
        { '>=': [{ var: 'score' }, 60] },
        { in: [{ var: 'source' }, ['web', 'referral', 'event']] },
        { '!!': { var: 'phone' } },
        { '<=': [{ var: 'record.daysInStage' }, 7] },
      ],
    },
  ],
  ['if with else', { if: [{ var: 'phone' }, 'call', 'email'] }],
  ['if chain', { if: [{ '>': [{ var: 'score' }, 80] }, 'hot', { '>': [{ var: 'score' }, 50] }, 'warm', 'cold'] }],
  ['if without else', { if: [false, 1] }],
  ['empty if', { if: [] }],
  ['?: alias', { '?:': [{ var: 'zero' }, 'yes', 'no'] }],
  ['+ of strings', { '+': [{ var: 'n' }, '2.5', 1] }],
  ['+ of nothing', { '+': [] }],
  ['unary minus', { '-': [{ var: 'n' }] }],
  ['minus', { '-': [{ var: 'score' }, 10] }],
  ['* of one argument returns it', { '*': [{ var: 'n' }] }],
  ['* of several', { '*': [{ var: 'n' }, 2, '3'] }],
  ['/', { '/': [{ var: 'score' }, 4] }],
  ['%', { '%': [{ var: 'score' }, 7] }],
  ['min and max', { cat: [{ min: [3, { var: 'zero' }, 9] }, '-', { max: [3, { var: 'score' }] }] }],
  ['cat with null', { cat: ['a', { var: 'nil' }, 1, { var: 'nothing' }] }],
  ['substr', { substr: [{ var: 'source' }, 1] }],
  ['substr with length', { substr: ['funnel', 1, 3] }],
  ['substr with negative length', { substr: ['funnel', 1, -2] }],
  ['merge', { merge: [[1], { var: 'tags' }, 3] }],
  ['missing', { missing: ['score', 'phone', 'empty', 'nothing', 'record.daysInStage'] }],
  ['missing of an array argument', { missing: { merge: [['source'], ['nil']] } }],
  ['missing_some satisfied', { missing_some: [1, ['phone', 'source', 'nothing']] }],
  ['missing_some not satisfied', { missing_some: [3, ['phone', 'source', 'nothing']] }],
  ['some', { some: [{ var: 'tags' }, { '==': [{ var: '' }, 'vip'] }] }],
  ['all', { all: [{ var: 'tags' }, { in: [{ var: '' }, ['vip', 'eu']] }] }],
  ['all of nothing is false', { all: [{ var: 'list' }, true] }],
  ['none', { none: [{ var: 'tags' }, { '==': [{ var: '' }, 'us'] }] }],
  ['none of nothing is true', { none: [{ var: 'nothing' }, true] }],
  [
    'a non-logic object is a value',
    {
      '==': [
        { a: 1, b: 2 },
        { a: 1, b: 2 },
      ],
    },
  ],
  ['constant arrays of logic', { in: [{ var: 'score' }, [{ var: 'n' }, 60, '61']] }],
  ['nested negations', { '!': { '!': { '!!': [{ var: 'list' }] } } }],
];

describe('compiled guards agree with json-logic-js', () => {
  for (const [name, logic] of CASES) {
    it(name, () => {
      expect(compileGuard(logic, { pointer: '' }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      for (const data of DATA) expectSame(logic, data);
    });
  }

  // 5,000 compilations and evaluations: about 1 s alone, several times that beside other test files on a busy machine.
  it('agrees on 5000 random expressions over the allow-listed operators', { timeout: 30_000 }, () => {
    let seed = 20260105;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const leaves = [0, 1, 7, -3, '5', 'web', '', null, true, false, [], ['web', 5], [0, 1, 7, '5', 'web', '', null, false, 'sql']];
    const paths = ['score', 'source', 'phone', 'n', 'zero', 'empty', 'nil', 'list', 'tags', 'record.daysInStage', 'record.stage', 'nothing', 'nested.a.b.c'];
    const ops = [
      '==',
      '===',
      '!=',
      '!==',
      '>',
      '>=',
      '<',
      '<=',
      'in',
      '!',
      '!!',
      'and',
      'or',
      'if',
      '?:',
      '+',
      '-',
      '*',
      '/',
      '%',
      'cat',
      'substr',
      'min',
      'max',
      'merge',
      'missing',
      'missing_some',
      'some',
      'all',
      'none',
      'var',
    ];
    const expression = (depth: number): unknown => {
      if (depth === 0 || random() < 0.3) return random() < 0.6 ? { var: pick(paths) } : pick(leaves);
      const op = pick(ops);
      const arity =
        op === '!' || op === '!!' ? 1 : op === 'if' ? 3 : op === 'and' || op === 'or' || op === '+' || op === 'cat' ? 1 + Math.floor(random() * 3) : 2;
      return { [op]: Array.from({ length: arity }, () => expression(depth - 1)) };
    };
    for (let i = 0; i < 5000; i++) {
      const logic = expression(3);
      for (const data of DATA) expectSame(logic, data);
    }
  });
});

describe('assignment conditions and stage guards are compiled guards', () => {
  const definition = JSON.parse(readFileSync(join(import.meta.dirname, 'suite-definitions', 'routed_trunk.json'), 'utf8'));
  definition.stages[0].guard = { logic: { or: [{ '!!': { var: 'phone' } }, { '!!': { var: 'email' } }] }, message: { en: 'Needs a contact' } };
  const compiled = compile(definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const { workflow } = compiled;
  const pointers = [
    '/stages/0/guard/logic',
    ...definition.assignment.rules.flatMap((r: { when?: unknown }, i: number) => (r.when ? [`/assignment/rules/${i}/when`] : [])),
  ];

  it('lists each with its pointer among the workflow logic the suites check against json-logic-js', () => {
    expect(workflow.logic.map((l) => l.pointer)).toEqual(expect.arrayContaining(pointers));
  });

  // The guard data sets, and records that make each condition hold (and strings where numbers are compared).
  const records = [
    ...DATA,
    { seats: 600, score: 85, source: 'partner', email: 'a@acme.example', record: { pipeline: 'farmers' } },
    { seats: '500', score: '80', phone: '', email: null, record: { pipeline: null } },
  ];
  it.each(records.map((data, i) => [i, data] as const))('agrees with json-logic-js on data set %i', (_i, data) => {
    for (const { pointer, logic, evaluate } of workflow.logic.filter((l) => pointers.includes(l.pointer))) {
      expect(evaluate(data as never), pointer).toEqual(jsonLogic.apply(logic as RulesLogic, data));
    }
  });
});

describe('tenant rules stay data', () => {
  it('the engine never evaluates code: no eval and no new Function in its sources', () => {
    const dir = join(import.meta.dirname, '..', 'src');
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(/);
    }
  });

  it('refuses missing_some unless its count and list are constants, since json-logic-js throws on anything else', () => {
    expect(compileGuard({ missing_some: [1, { var: 'fields' }] }, { pointer: '/rules/0/when' }).diagnostics).toMatchObject([
      { severity: 'error', code: 'guard.arguments', pointer: '/rules/0/when/missing_some' },
    ]);
  });

  it('reports every operator outside the allow-list with its pointer', () => {
    const compiled = compileGuard(
      { and: [{ log: 1 }, { or: [true, { method: ['x', 'toString'] }] }, { map: [[1], { var: '' }] }] },
      { pointer: '/rules/0/when' },
    );
    expect(compiled.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ['guard.operator', '/rules/0/when/and/0/log'],
      ['guard.operator', '/rules/0/when/and/1/or/1/method'],
      ['guard.operator', '/rules/0/when/and/2/map'],
    ]);
  });
});

describe('fit rule conditions are compiled guards', () => {
  const definition = JSON.parse(readFileSync(join(import.meta.dirname, 'suite-definitions', 'scored_trunk.json'), 'utf8'));
  const compiled = compile(definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  const fit = compiled.workflow.logic.filter((l) => l.pointer.startsWith('/scoring/fit/'));

  it('lists each among the workflow logic the suites check against json-logic-js', () => {
    expect(fit.map((l) => l.pointer)).toEqual(definition.scoring.fit.map((_rule: unknown, i: number) => `/scoring/fit/${i}/when`));
  });

  // Titles, seniorities, industries, sizes and revenues as people type them: strings for numbers, missing values.
  const people = [
    ...DATA,
    { seniority: 'vp', industry: 'software', region: 'emea', employees: 800, revenue: 1e7, title: 'VP Sales' },
    { seniority: 'VP', industry: 'Software', employees: '500', revenue: '10000000', title: 'Student' },
    { seniority: null, title: null, employees: 499.5, region: ['emea'] },
  ];
  it.each(people.map((data, i) => [i, data] as const))('agrees with json-logic-js on person %i', (_i, data) => {
    for (const { pointer, logic, evaluate } of fit) expect(evaluate(data as never), pointer).toEqual(jsonLogic.apply(logic as RulesLogic, data));
  });
});

import { describe, expect, it } from 'vitest';
import { templates } from '@funnel/schemas';
import { conditionFromLogic } from '../src/model/condition-from-logic';
import { conditionToLogic } from '../src/model/condition-to-logic';
import type { ConditionNode } from '../src/model/condition-tree';
import { logicFromText, logicToText } from '../src/model/logic-text';

/** Every condition a template holds: transition and stage guards, rule conditions, nurture cadences' and assignment rules' `when`. */
const conditions = templates.flatMap((template) => [
  ...template.definition.transitions.flatMap((t) => (t.guard ? [[`${template.key} guard ${t.key}`, t.guard.logic] as const] : [])),
  ...template.definition.stages.flatMap((s) => (s.guard ? [[`${template.key} stage guard ${s.key}`, s.guard.logic] as const] : [])),
  ...(template.definition.assignment?.rules ?? []).flatMap((r) => (r.when === undefined ? [] : [[`${template.key} assignment ${r.key}`, r.when] as const])),
  ...(template.definition.rules ?? []).map((rule) => [`${template.key} rule ${rule.key}`, rule.when] as const),
  ...template.definition.stages.flatMap((stage) =>
    (stage.pool?.nurture ?? []).flatMap((cadence) =>
      cadence.when === undefined ? [] : [[`${template.key} nurture ${stage.key}.${cadence.key}`, cadence.when] as const],
    ),
  ),
]);

function rawLeaves(node: ConditionNode): number {
  switch (node.kind) {
    case 'group':
      return node.children.reduce((n, child) => n + rawLeaves(child), 0);
    case 'raw':
      return 1;
    case 'comparison':
    case 'presence':
      return 0;
    default:
      return node satisfies never;
  }
}

describe('condition builder ↔ json-logic', () => {
  it('finds guards in the templates to check', () => {
    expect(conditions.filter(([name]) => name.includes(' guard ')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(conditions)('%s reads into the visual builder without raw parts and writes back identically', (_name, logic) => {
    const tree = conditionFromLogic(logic);
    expect(rawLeaves(tree)).toBe(0);
    expect(conditionToLogic(tree)).toEqual(logic);
  });

  it.each(conditions)('%s survives the raw JSON mode', (_name, logic) => {
    const parsed = logicFromText(logicToText(logic));
    expect(parsed).toEqual({ ok: true, logic });
    if (parsed.ok) expect(conditionToLogic(conditionFromLogic(parsed.logic))).toEqual(logic);
  });

  it('reads and/or groups of comparisons and presence checks', () => {
    const logic = {
      and: [
        { or: [{ '!!': { var: 'phone' } }, { '!!': [{ var: 'email' }] }] },
        { '>=': [{ var: 'score' }, 60] },
        { in: [{ var: 'source' }, ['web', 'event']] },
      ],
    };
    expect(conditionFromLogic(logic)).toEqual({
      kind: 'group',
      combinator: 'and',
      children: [
        {
          kind: 'group',
          combinator: 'or',
          children: [
            { kind: 'presence', field: 'phone', operator: '!!', bare: true },
            { kind: 'presence', field: 'email', operator: '!!' },
          ],
        },
        { kind: 'comparison', field: 'score', operator: '>=', value: 60 },
        { kind: 'comparison', field: 'source', operator: 'in', value: ['web', 'event'] },
      ],
    });
    expect(conditionToLogic(conditionFromLogic(logic))).toEqual(logic);
  });

  it('keeps what the builder cannot show as a raw part, unchanged', () => {
    const between = { '<=': [0, { var: 'score' }, 100] };
    const computed = { '>': [{ var: 'amount' }, { '*': [{ var: 'seats' }, 10] }] };
    const withDefault = { '==': [{ var: ['stage', 'lead'] }, 'lead'] };
    const logic = { or: [between, computed, withDefault, { '>=': [{ var: 'score' }, 1] }] };
    const tree = conditionFromLogic(logic);
    expect(rawLeaves(tree)).toBe(3);
    expect(conditionToLogic(tree)).toEqual(logic);
  });

  it('keeps scalars and unknown operators at the top as raw', () => {
    for (const logic of [true, 42, 'x', null, { some_op: [1] }, { '==': [1, 1] }]) {
      expect(conditionFromLogic(logic)).toEqual({ kind: 'raw', logic });
    }
  });

  it('says where the raw JSON mode text is not JSON', () => {
    const parsed = logicFromText('{"and": [');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/JSON|position|end/i);
  });
});

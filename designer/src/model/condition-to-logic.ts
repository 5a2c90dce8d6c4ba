import type { ConditionNode } from './condition-tree';

/**
 * Writes the condition builder's tree as json-logic.
 * @example conditionToLogic({ kind: 'presence', field: 'phone', operator: '!!' }) // → { '!!': [{ var: 'phone' }] }
 */
export function conditionToLogic(node: ConditionNode): unknown {
  switch (node.kind) {
    case 'group':
      return { [node.combinator]: node.children.map(conditionToLogic) };
    case 'comparison':
      return { [node.operator]: [{ var: node.field }, node.value] };
    case 'presence':
      return { [node.operator]: node.bare ? { var: node.field } : [{ var: node.field }] };
    case 'raw':
      return node.logic;
    default:
      return assertNever(node);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected condition node ${JSON.stringify(value)}`);
}

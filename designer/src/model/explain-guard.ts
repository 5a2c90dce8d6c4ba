import { compileGuard, truthy } from '@funnel/engine';
import { conditionFromLogic } from './condition-from-logic';
import { conditionToLogic } from './condition-to-logic';
import type { Combinator, ComparisonOperator, ConditionNode, PresenceOperator } from './condition-tree';

/** A value the clause read from the record (what a guard sees: fields and the built-ins), by its `var` name. */
interface ReadValue {
  field: string;
  value: unknown;
}

/**
 * A guard taken apart into the clauses the condition builder shows, each evaluated on the record: whether it
 * held, and the values it read. A part the builder cannot show is one `raw` clause with every value it read.
 */
export type ClauseExplanation =
  | { kind: 'group'; combinator: Combinator; passed: boolean; children: ClauseExplanation[] }
  | { kind: 'comparison'; field: string; operator: ComparisonOperator; expected: unknown; actual: unknown; passed: boolean }
  | { kind: 'presence'; field: string; operator: PresenceOperator; actual: unknown; passed: boolean }
  | { kind: 'raw'; logic: unknown; reads: ReadValue[]; passed: boolean };

/** Guards are only read here, never placed in a definition: their diagnostics have nowhere to point. */
const NO_POINTER = { pointer: '' };

/**
 * Explains a json-logic guard clause by clause against the data a guard sees (the engine's `guardData`), each
 * clause evaluated by the engine's compiled json-logic (no eval).
 * @example explainGuard({ logic: { '>=': [{ var: 'record.score' }, 60] }, data: { record: { score: 45 } } })
 *   // → { kind: 'comparison', field: 'record.score', operator: '>=', expected: 60, actual: 45, passed: false }
 */
export function explainGuard({ logic, data }: { logic: unknown; data: unknown }): ClauseExplanation {
  return explainNode({ node: conditionFromLogic(logic), data });
}

function explainNode({ node, data }: { node: ConditionNode; data: unknown }): ClauseExplanation {
  const passed = holds({ logic: conditionToLogic(node), data });
  switch (node.kind) {
    case 'group':
      return { kind: 'group', combinator: node.combinator, passed, children: node.children.map((child) => explainNode({ node: child, data })) };
    case 'comparison':
      return { kind: 'comparison', field: node.field, operator: node.operator, expected: node.value, actual: read({ field: node.field, data }), passed };
    case 'presence':
      return { kind: 'presence', field: node.field, operator: node.operator, actual: read({ field: node.field, data }), passed };
    case 'raw':
      return { kind: 'raw', logic: node.logic, reads: varNames(node.logic).map((field) => ({ field, value: read({ field, data }) })), passed };
    default:
      return node satisfies never;
  }
}

function holds({ logic, data }: { logic: unknown; data: unknown }): boolean {
  return truthy(compileGuard(logic, NO_POINTER).evaluate(data));
}

/** A value as a guard's `var` reads it (dotted paths into the built-ins included). */
function read({ field, data }: { field: string; data: unknown }): unknown {
  return compileGuard({ var: field }, NO_POINTER).evaluate(data);
}

/** Every constant `var` name an expression reads, once each, in the order they appear. */
function varNames(logic: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    for (const [operator, args] of Object.entries(value)) {
      if (operator === 'var') {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name === 'string' && name !== '') names.add(name);
      } else walk(args);
    }
  };
  walk(logic);
  return [...names];
}

import {
  COMBINATORS,
  COMPARISON_OPERATORS,
  PRESENCE_OPERATORS,
  type Combinator,
  type ComparisonOperator,
  type ConditionNode,
  type PresenceOperator,
} from './condition-tree';
import { conditionToLogic } from './condition-to-logic';
import { jsonEqual } from './json-equal';

/**
 * Reads a json-logic expression into the condition builder's tree. A part the
 * builder cannot show (or could not write back identically) becomes a `raw` leaf.
 * @example conditionFromLogic({ '>=': [{ var: 'score' }, 60] })
 *   // → { kind: 'comparison', field: 'score', operator: '>=', value: 60 }
 */
export function conditionFromLogic(logic: unknown): ConditionNode {
  const node = readNode(logic);
  return jsonEqual(conditionToLogic(node), logic) ? node : { kind: 'raw', logic };
}

function readNode(logic: unknown): ConditionNode {
  const entry = singleEntry(logic);
  if (!entry) return { kind: 'raw', logic };
  const [operator, args] = entry;
  if (isCombinator(operator) && Array.isArray(args)) {
    return { kind: 'group', combinator: operator, children: args.map(conditionFromLogic) };
  }
  if (isPresence(operator)) {
    const bare = !Array.isArray(args);
    const field = varName(bare ? args : args.length === 1 ? args[0] : null);
    if (field !== null) return bare ? { kind: 'presence', field, operator, bare } : { kind: 'presence', field, operator };
  }
  if (isComparison(operator) && Array.isArray(args) && args.length === 2) {
    const field = varName(args[0]);
    if (field !== null && !containsLogic(args[1])) return { kind: 'comparison', field, operator, value: args[1] };
  }
  return { kind: 'raw', logic };
}

function singleEntry(logic: unknown): [string, unknown] | null {
  if (typeof logic !== 'object' || logic === null || Array.isArray(logic)) return null;
  const entries = Object.entries(logic);
  return entries.length === 1 ? (entries[0] as [string, unknown]) : null;
}

function varName(value: unknown): string | null {
  const entry = singleEntry(value);
  if (entry?.[0] !== 'var' || typeof entry[1] !== 'string') return null;
  return entry[1];
}

/** A value that holds an operator is an expression, not a constant the builder can edit. */
function containsLogic(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsLogic);
  return typeof value === 'object' && value !== null;
}

function isCombinator(op: string): op is Combinator {
  return (COMBINATORS as readonly string[]).includes(op);
}
function isPresence(op: string): op is PresenceOperator {
  return (PRESENCE_OPERATORS as readonly string[]).includes(op);
}
function isComparison(op: string): op is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(op);
}

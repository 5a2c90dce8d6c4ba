import type { BuilderOperator } from './condition-tree';

const OPERATOR_NAMES: Record<BuilderOperator, string> = {
  '==': 'eq',
  '!=': 'ne',
  '===': 'seq',
  '!==': 'sne',
  '>': 'gt',
  '>=': 'ge',
  '<': 'lt',
  '<=': 'le',
  in: 'in',
  '!!': 'set',
  '!': 'empty',
};

/**
 * The message key (under `operator.`) that says an operator in words.
 * @example operatorName('>=') // → 'ge' ('is at least')
 */
export function operatorName(operator: BuilderOperator): string {
  return OPERATOR_NAMES[operator];
}

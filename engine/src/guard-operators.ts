/**
 * The json-logic operators a guard, rule or cadence condition may use. Anything else
 * (`log`, `method`, `map`, `filter`, `reduce`, custom operations) is refused by `compile`.
 * @example GUARD_OPERATORS.includes('in') // → true
 */
export const GUARD_OPERATORS = [
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  '!',
  '!!',
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'cat',
  'substr',
  '+',
  '-',
  '*',
  '/',
  '%',
  'min',
  'max',
  'merge',
  'some',
  'all',
  'none',
] as const;

/** One allowed json-logic operator, e.g. `'in'`. */
export type GuardOperator = (typeof GUARD_OPERATORS)[number];

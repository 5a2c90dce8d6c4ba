/**
 * The visual condition builder's model of a json-logic expression: and/or groups
 * of comparisons "field operator value". Anything the builder cannot show as a
 * comparison is kept verbatim as a `raw` leaf, so reading and writing json-logic
 * never loses or changes a rule.
 */
export type ConditionNode =
  | { kind: 'group'; combinator: Combinator; children: ConditionNode[] }
  | { kind: 'comparison'; field: string; operator: ComparisonOperator; value: unknown }
  | {
      kind: 'presence';
      field: string;
      operator: PresenceOperator /** json-logic allows `{ "!!": { var } }` without the array; kept to write it back the same way. */;
      bare?: boolean;
    }
  | { kind: 'raw'; logic: unknown };

export const COMBINATORS = ['and', 'or'] as const;
export type Combinator = (typeof COMBINATORS)[number];

/** Binary json-logic operators the builder offers as "field operator value". */
export const COMPARISON_OPERATORS = ['==', '!=', '===', '!==', '>', '>=', '<', '<=', 'in'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** Unary operators: "field is set" (`!!`) and "field is empty" (`!`). */
export const PRESENCE_OPERATORS = ['!!', '!'] as const;
export type PresenceOperator = (typeof PRESENCE_OPERATORS)[number];

/** Every operator the builder's menu lists, comparisons first. */
export const BUILDER_OPERATORS = [...COMPARISON_OPERATORS, ...PRESENCE_OPERATORS] as const;
export type BuilderOperator = (typeof BUILDER_OPERATORS)[number];

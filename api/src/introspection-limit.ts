import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';

/** Introspection fields that answer a list: nesting them multiplies the answer (types × fields × types' fields …). */
const LIST_FIELDS = new Set(['types', 'fields', 'inputFields', 'interfaces', 'possibleTypes', 'enumValues', 'args', 'directives']);
const ROOTS = new Set(['__schema', '__type']);

/**
 * How many list fields an introspection selection nests at most, following fragments once each (memoised, so a
 * fragment bomb costs its size, not its expansion; a fragment cycle counts 0 here and is refused by graphql-js).
 */
function nestedLists(selectionSet: SelectionSetNode, context: ValidationContext, memo: Map<string, number>): number {
  let most = 0;
  for (const selection of selectionSet.selections) {
    let inner = 0;
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? nestedLists(selection.selectionSet, context, memo) : 0;
      inner = below + (LIST_FIELDS.has(selection.name.value) ? 1 : 0);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = nestedLists(selection.selectionSet, context, memo);
    } else {
      const name = selection.name.value;
      if (!memo.has(name)) {
        memo.set(name, 0);
        const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
        memo.set(name, fragment ? nestedLists(fragment.selectionSet, context, memo) : 0);
      }
      inner = memo.get(name) ?? 0;
    }
    most = Math.max(most, inner);
  }
  return most;
}

/**
 * Refuses introspection that nests list fields more than `max` deep. Query depth does not limit introspection
 * (GraphiQL's own query is 21 deep through `ofType`), but `types { fields { type { fields { … } } } }` grows its
 * answer exponentially; the standard introspection query nests 3 (types → fields → args).
 * @example createYoga({ plugins: [useIntrospectionLimit(3)] })
 */
export function useIntrospectionLimit(max: number): Plugin {
  const rule = (context: ValidationContext): ASTVisitor => {
    const memo = new Map<string, number>();
    return {
      Field(node) {
        if (!ROOTS.has(node.name.value) || !node.selectionSet) return;
        const lists = nestedLists(node.selectionSet, context, memo);
        if (lists > max)
          context.reportError(new GraphQLError(`Introspection nests ${lists} lists (types, fields, args…); at most ${max} are answered`, { nodes: [node] }));
      },
    };
  };
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}

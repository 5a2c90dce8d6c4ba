import { getOperationAST, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql/index.js';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context';
import { KeyScopeError } from '../errors';
import { scopeRefusal, shownScope } from './key-scope';

/**
 * The root fields an operation selects, by their names (an alias is the field it names), through inline fragments
 * and fragment spreads. A field under `@skip` or `@include` counts: a key is refused what it might run.
 */
function rootFields(document: DocumentNode, selectionSet: SelectionSetNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const names = new Set<string>();
  const spread = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return [...names];
}

/** Why the request's API key may not run its operation, or null (no key, a full key, or a scope that covers it). */
function refusalOf(input: { ctx: Context; document: DocumentNode; operationName?: string | null }): KeyScopeError | null {
  const { viewer } = input.ctx;
  if (viewer.kind !== 'user' || viewer.credential.kind !== 'apiKey' || viewer.credential.scope.access === 'full') return null;
  const operation = getOperationAST(input.document, input.operationName);
  if (!operation) return null;
  const { scope } = viewer.credential;
  const refused = scopeRefusal(scope, { type: operation.operation, fields: rootFields(input.document, operation.selectionSet) });
  return refused && new KeyScopeError({ ...refused, scope: shownScope(scope) });
}

/**
 * Enforces API key scopes in one place, before any resolver runs: a read-only key runs queries and subscriptions
 * only, a key limited to named operations only those root fields. A request asking for anything else is refused
 * whole with `FORBIDDEN` naming what it may not call and the key's scope, and nothing of it runs (no scope-auth,
 * no heavy-operation turn, no resolver). Sessions and full keys pass.
 * @example createYoga({ plugins: [useKeyScopes()] })
 */
export function useKeyScopes(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = refusalOf({ ctx: args.contextValue as Context, document: args.document, operationName: args.operationName });
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = refusalOf({ ctx: args.contextValue as Context, document: args.document, operationName: args.operationName });
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}

import type { Diagnostic } from '@funnel/schemas';
import type { GraphQLSchema } from 'graphql/index.js';
import type { UserViewer } from './viewer';

/** What an API key may call: everything its owner's roles allow, queries and subscriptions only, or named root fields. */
export const KEY_ACCESS = ['full', 'read_only', 'operations'] as const;
export type KeyAccess = (typeof KEY_ACCESS)[number];

/**
 * A key's scope. `operations` are root field names (of Query, Mutation or Subscription); the owner's roles still
 * decide within them, so a scope only ever narrows what a key may do.
 */
export type KeyScope = { access: 'full' } | { access: 'read_only' } | { access: 'operations'; operations: readonly string[] };

/** How a scope is stored on a key; a key stored before scopes has none and is full. */
export interface StoredKeyScope {
  access: KeyAccess;
  operations?: string[];
}

/** The root fields of the api, and which of them are mutations (the rest read). */
export interface KnownOperations {
  all: ReadonlySet<string>;
  mutations: ReadonlySet<string>;
}

const FULL_SCOPE: KeyScope = { access: 'full' };

/**
 * The scope of a stored key: full when it has none (keys made before scopes keep working as they did).
 * @example scopeOf({ access: 'operations', operations: ['record'] }) // → { access: 'operations', operations: ['record'] }
 */
export function scopeOf(stored: StoredKeyScope | null | undefined): KeyScope {
  if (!stored || stored.access === 'full') return FULL_SCOPE;
  return stored.access === 'read_only' ? { access: 'read_only' } : { access: 'operations', operations: stored.operations ?? [] };
}

/** The scope as GraphQL and error extensions show it: the access and its operations (none unless `operations`). */
export function shownScope(scope: KeyScope): { access: KeyAccess; operations: readonly string[] } {
  return { access: scope.access, operations: scope.access === 'operations' ? scope.operations : [] };
}

/**
 * The root field names of a schema, and which are mutations.
 * @example rootOperations(info.schema).all.has('transitionRecord') // → true
 */
export function rootOperations(schema: GraphQLSchema): KnownOperations {
  const names = (type: { getFields(): Record<string, unknown> } | null | undefined) => Object.keys(type?.getFields() ?? {});
  const mutations = names(schema.getMutationType());
  return { all: new Set([...names(schema.getQueryType()), ...mutations, ...names(schema.getSubscriptionType())]), mutations: new Set(mutations) };
}

/** One of the api's root fields spelt with other capitals, for a hint. */
function sameButCase(name: string, known: ReadonlySet<string>): string | undefined {
  return [...known].find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}

/**
 * Checks a scope as an admin sends it: `operations` named (at least one, each a root field of this api, exact) when
 * and only when the access is `operations`. Returns the scope (operations without repeats, in the order given) or
 * every problem, with pointers under `/scope`. No scope means full.
 * @example checkKeyScope({ access: 'operations', operations: ['record', 'dropDatabase'] }, known) // → diagnostics: unknown_operation at /scope/operations/1
 */
export function checkKeyScope(
  input: { access: KeyAccess; operations?: readonly string[] | null } | null | undefined,
  known: KnownOperations,
): { scope: KeyScope } | { diagnostics: Diagnostic[] } {
  if (!input) return { scope: FULL_SCOPE };
  const operations = input.operations ?? [];
  const problem = (code: string, pointer: string, message: string): Diagnostic => ({ severity: 'error', code, pointer, message });
  if (input.access !== 'operations') {
    if (operations.length > 0)
      return { diagnostics: [problem('not_allowed', '/scope/operations', `operations are named only with access "operations", not "${input.access}"`)] };
    return { scope: input.access === 'read_only' ? { access: 'read_only' } : FULL_SCOPE };
  }
  if (operations.length === 0)
    return {
      diagnostics: [
        problem('required', '/scope/operations', 'name at least one operation the key may call (a root field, such as record or transitionRecord)'),
      ],
    };
  const diagnostics = operations.flatMap((name, i) => {
    if (known.all.has(name)) return [];
    const hint = sameButCase(name, known.all);
    const message = `"${name}" is not an operation of this api${hint ? `; did you mean ${hint}?` : ': name a field of Query, Mutation or Subscription, such as record or transitionRecord'}`;
    return [problem('unknown_operation', `/scope/operations/${i}`, message)];
  });
  return diagnostics.length > 0 ? { diagnostics } : { scope: { access: 'operations', operations: [...new Set(operations)] } };
}

/**
 * Whether a key of scope `inner` may do nothing a key of scope `outer` may not: a key can only make (or rotate) keys
 * that are no wider than itself, or a key limited to createApiKey would be a full key one call away.
 * @example scopeWithin({ access: 'operations', operations: ['record'] }, { access: 'read_only' }, known) // → true
 */
export function scopeWithin(inner: KeyScope, outer: KeyScope, known: KnownOperations): boolean {
  if (outer.access === 'full') return true;
  if (inner.access === 'full') return false;
  if (outer.access === 'read_only') return inner.access === 'read_only' || inner.operations.every((name) => !known.mutations.has(name));
  return inner.access === 'operations' && inner.operations.every((name) => outer.operations.includes(name));
}

/**
 * The root fields of an operation a key's scope does not cover, and what to tell the caller; null when it covers all.
 * Introspection (`__schema`, `__type`, `__typename`) is open to every key.
 * @example scopeRefusal({ access: 'read_only' }, { type: 'mutation', fields: ['createRecord'] }) // → { operations: ['createRecord'], message: 'This API key is read-only: …' }
 */
export function scopeRefusal(
  scope: KeyScope,
  operation: { type: 'query' | 'mutation' | 'subscription'; fields: readonly string[] },
): {
  operations: string[];
  message: string;
} | null {
  const fields = operation.fields.filter((name) => !name.startsWith('__'));
  if (scope.access === 'full') return null;
  if (scope.access === 'read_only') {
    if (operation.type !== 'mutation' || fields.length === 0) return null;
    const what = fields.length === 1 ? 'the mutation' : 'the mutations';
    return { operations: fields, message: `This API key is read-only: it may run queries and subscriptions, not ${what} ${fields.join(', ')}` };
  }
  const refused = fields.filter((name) => !scope.operations.includes(name));
  if (refused.length === 0) return null;
  return { operations: refused, message: `This API key may call only ${scope.operations.join(', ')}; it may not call ${refused.join(', ')}` };
}

/**
 * The scope of the credential a user calls with: their key's, or full for a session (a person signed in).
 * @example callerScope(ctx.viewer) // → { access: 'operations', operations: ['createApiKey'] }
 */
export function callerScope(viewer: UserViewer): KeyScope {
  return viewer.credential.kind === 'apiKey' ? viewer.credential.scope : FULL_SCOPE;
}

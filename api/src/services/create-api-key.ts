import type { Diagnostic, Role } from '@funnel/schemas';
import type { AuditActor } from '../accounts/admin-changes';
import { checkKeyScope, type KeyAccess, type KeyScope, type KnownOperations, scopeWithin, shownScope } from '../auth/key-scope';
import { ValidationFailedError } from '../errors';
import type { ApiKeyDoc, Integration } from '../models/api-key';
import { issueApiKey, newId } from './create-tenant';
import { mustBeUser } from './directory';
import type { Services } from './services';
import { checkUserInput } from './user-input';

/** What an admin asks for: a name, an owner (a user of the tenant or an integration) and a scope (none: full). */
export interface NewApiKey {
  name: string;
  userId?: string | null;
  integration?: { name: string; roles: readonly string[] } | null;
  scope?: { access: KeyAccess; operations?: readonly string[] | null } | null;
}

const problem = (code: string, pointer: string, message: string): Diagnostic => ({ severity: 'error', code, pointer, message });

/** The problems of an integration's name and roles, at /integration/…. */
function integrationProblems(integration: NonNullable<NewApiKey['integration']>): { integration?: Integration; problems: Diagnostic[] } {
  try {
    const checked = checkUserInput({ name: integration.name, roles: integration.roles });
    return { integration: { name: checked.name as string, roles: checked.roles as Role[] }, problems: [] };
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    return { problems: error.diagnostics.map((d) => ({ ...d, pointer: `/integration${d.pointer}` })) };
  }
}

/**
 * Checks what an admin asks of a new key, every problem at once: exactly one owner (`userId` or `integration`, whose
 * name and roles are checked like a user's), a name, a scope whose operations are root fields of this api (`known`).
 * A key may only make keys no wider than itself (`callerScope`: full for a session). Returns the owner and scope.
 */
function checkNewKey(input: NewApiKey & { known: KnownOperations; callerScope: KeyScope }): {
  owner: { userId: string } | { integration: Integration };
  scope: KeyScope;
  name: string;
} {
  const problems: Diagnostic[] = [];
  const name = input.name.trim();
  if (!name) problems.push(problem('required', '/name', 'give the key a name that says what uses it'));
  let owner: { userId: string } | { integration: Integration } | null = null;
  if (input.userId && input.integration) {
    problems.push(problem('conflict', '/integration', 'a key belongs to a user (userId) or to an integration, not both: leave one out'));
  } else if (input.userId) {
    owner = { userId: input.userId };
  } else if (input.integration) {
    const checked = integrationProblems(input.integration);
    problems.push(...checked.problems);
    if (checked.integration) owner = { integration: checked.integration };
  } else {
    problems.push(problem('required', '/userId', "name the key's owner: a user (userId), whose roles it acts with, or an integration"));
  }
  const scope = checkKeyScope(input.scope, input.known);
  if ('diagnostics' in scope) problems.push(...scope.diagnostics);
  else if (!scopeWithin(scope.scope, input.callerScope, input.known))
    problems.push(
      problem('not_within', '/scope', 'the key you call with may do less than this scope allows: a key can only make keys that may do no more than itself'),
    );
  if (problems.length > 0 || !owner || 'diagnostics' in scope) throw new ValidationFailedError(problems);
  return { owner, scope: scope.scope, name };
}

/**
 * An admin issues a key: for a user of the tenant (it acts with their roles and stops when they are deactivated)
 * or for an integration (a named app with its own roles, kept whoever leaves), limited by a scope. The change is
 * written with its audit log entry; the token is returned once.
 * @example await createApiKey(services, { tenantId, actor, callerScope, known, name: 'crm', integration: { name: 'CRM', roles: ['sales'] }, scope: { access: 'read_only' } })
 */
export async function createApiKey(
  services: Services,
  input: NewApiKey & { tenantId: string; actor: AuditActor; callerScope: KeyScope; known: KnownOperations },
): Promise<{ key: ApiKeyDoc; token: string }> {
  const { tenantId, actor } = input;
  const { owner, scope, name } = checkNewKey(input);
  if ('userId' in owner) await mustBeUser(services, { tenantId, id: owner.userId, pointer: '/userId' });
  const id = newId();
  const shown = shownScope(scope);
  const stored = scope.access === 'operations' ? { access: scope.access, operations: [...scope.operations] } : { access: scope.access };
  const after = {
    name,
    userId: 'userId' in owner ? owner.userId : null,
    integration: 'integration' in owner ? { name: owner.integration.name, roles: owner.integration.roles } : null,
    scope: { access: shown.access, operations: [...shown.operations] },
  };
  const issued = await services.audit.write({
    tenantId,
    actor,
    change: { action: 'api_key_created', targetType: 'api_key', targetId: id, before: null, after },
    holder: { model: 'ApiKey', id },
    write: (pending) =>
      issueApiKey({ models: services.models, tenantId, id, owner, name, scope: stored, createdBy: actor.userId ?? actor.keyId, audit: pending.field }),
  });
  return issued as { key: ApiKeyDoc; token: string };
}

import type { HttpApi } from './http-client';
import { ROOT_KEY } from './harness';

/**
 * A new tenant with the standard trunk and the key of a manager who is also in marketing and sales (so may create,
 * qualify, accept and import), made through an api process's GraphQL by the root key.
 * @example const { tenantId, manager } = await tenantWithManager(gqlAt(`http://127.0.0.1:${port}/graphql`), 'Crash')
 */
export async function tenantWithManager(gql: HttpApi['gql'], name: string): Promise<{ tenantId: string; manager: string }> {
  const created = await gql(ROOT_KEY, 'mutation($n: String!) { createTenant(input: { name: $n }) { ... on CreateTenantPayload { adminKey tenant { id } } } }', {
    n: name,
  });
  const admin = created.data?.createTenant.adminKey as string;
  await gql(admin, 'mutation { createWorkflowFromTemplate(input: { template: "standard_trunk" }) { ... on Workflow { key } } }');
  const user = await gql(admin, 'mutation { createUser(input: { name: "Mia", roles: [manager, marketing, sales] }) { ... on User { id } } }');
  const key = await gql(admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
    i: { userId: user.data?.createUser.id, name: 'Mia key' },
  });
  return { tenantId: created.data?.createTenant.tenant.id as string, manager: key.data?.createApiKey.token as string };
}

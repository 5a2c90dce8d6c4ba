import { useApiQuery } from '../../api/useApiQuery';
import { request, type ResultOf } from '../graphql';
import { API_KEY_OPERATIONS, API_KEYS_PAGE, type ApiKey } from './apps-documents';

/** The workspace's keys (revoked ones too) and the operations a scoped key may be limited to. */
interface ApiKeysData {
  keys: ApiKey[];
  operations: string[];
}

/** Every page of `apiKeys`, with the api's list of operations. */
async function keysAndOperations(): Promise<ApiKeysData> {
  const keys: ApiKey[] = [];
  let after: string | null = null;
  for (;;) {
    // Annotated: `after` changes in the loop, so TypeScript cannot infer the answer's type from it.
    const { apiKeys }: ResultOf<typeof API_KEYS_PAGE> = await request(API_KEYS_PAGE, { after });
    keys.push(...apiKeys.edges.map((edge) => edge.node));
    if (!apiKeys.pageInfo.hasNextPage) break;
    after = apiKeys.pageInfo.endCursor ?? null;
  }
  const { apiKeyOperations } = await request(API_KEY_OPERATIONS);
  return { keys, operations: apiKeyOperations };
}

/**
 * The API keys section's data, with `reload` after a change.
 * @example const keys = useApiKeys(); if (keys.status === 'done') keys.data.keys.length;
 */
export function useApiKeys() {
  return useApiQuery(keysAndOperations, []);
}

import { groupBy } from './group-by';

/**
 * Answers a DataLoader batch group by group (a tenant's keys, one counter's loads), all groups at once: a group whose
 * read fails fails only its own keys (their places hold its Error), never another group's asked in the same turn, so
 * one tenant's failing read never fails another tenant's request. `read` returns how to answer each of its keys
 * (called once per key, in the batch's order).
 * @example await answerByGroup(keys, (key) => key.tenantId, async (tenantId, ofTenant) => { const found = await read(tenantId, ofTenant); return (key) => found.get(key.id) ?? null; })
 */
export async function answerByGroup<K, G, V>(
  keys: readonly K[],
  groupOf: (key: K) => G,
  read: (group: G, keys: K[]) => Promise<(key: K) => V>,
): Promise<(V | Error)[]> {
  const answers = new Map<G, ((key: K) => V) | Error>();
  await Promise.all(
    [...groupBy(keys, groupOf)].map(async ([group, ofGroup]) => {
      try {
        answers.set(group, await read(group, ofGroup));
      } catch (error) {
        answers.set(group, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return keys.map((key) => {
    const answer = answers.get(groupOf(key));
    if (answer === undefined) return new Error('no answer for a key of the batch');
    return answer instanceof Error ? answer : answer(key);
  });
}

/** Who manages whom: user id → manager id, or null at the top. */
export type ManagerMap = Readonly<Record<string, string | null>>;

/**
 * The managers above a user, nearest first; stops at the top or at a cycle in the map.
 * @example managerChain('ann', { ann: 'bob', bob: 'cy', cy: null }) // → ['bob', 'cy']
 */
export function managerChain(user: string, managers: ManagerMap): string[] {
  const chain: string[] = [];
  const seen = new Set([user]);
  for (let manager = managers[user]; manager != null && !seen.has(manager); manager = managers[manager]) {
    chain.push(manager);
    seen.add(manager);
  }
  return chain;
}

/**
 * The items in one list per key, keys in first-seen order, items in their order (Node 20 has no
 * `Map.groupBy`).
 * @example groupBy([{ t: 'a', n: 1 }, { t: 'b', n: 2 }, { t: 'a', n: 3 }], (x) => x.t) // Map { 'a' => [n1, n3], 'b' => [n2] }
 */
export function groupBy<T, K>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Constant `in` lists at least this long are looked up in a Set; shorter ones are scanned, which is as fast.
 * @example membershipSet(['web', 'referral', 'event']) // → undefined (3 < SET_LOOKUP_MIN_ITEMS)
 */
const SET_LOOKUP_MIN_ITEMS = 8;

/**
 * A Set that answers json-logic's `in` over a constant array as `list.indexOf(value) !== -1` would, or undefined
 * when the list is too short to gain from one or is not an array. Set.has treats NaN as equal to itself and
 * indexOf does not, so NaN is left out of the Set.
 * @example membershipSet(['web', 'referral', 'event', 'fair', 'partner', 'ads', 'seo', 'cold_call'])?.has('web') // → true
 */
export function membershipSet(list: unknown): ReadonlySet<unknown> | undefined {
  if (!Array.isArray(list) || list.length < SET_LOOKUP_MIN_ITEMS) return undefined;
  const set = new Set<unknown>(list);
  set.delete(Number.NaN);
  return set;
}

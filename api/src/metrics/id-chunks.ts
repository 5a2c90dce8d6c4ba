/** `$in` lists of at most this many ids: the embedded store expands up to 1,000 into index scans. */
const IDS_PER_QUERY = 1000;

/**
 * Ids cut into lists short enough for one indexed `$in` each.
 * @example for (const part of idChunks(recordIds)) await models.Record.find({ tenantId, _id: { $in: part } })
 */
export function idChunks<T>(ids: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) out.push(ids.slice(i, i + IDS_PER_QUERY));
  return out;
}

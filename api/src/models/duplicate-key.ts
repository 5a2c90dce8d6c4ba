/** MongoDB's error code for a write that would duplicate a unique key. */
export const DUPLICATE_KEY = 11000;

/**
 * Whether an error is MongoDB's duplicate key error (a unique index refused the write).
 * @example try { await Lease.create(doc) } catch (error) { if (!isDuplicateKey(error)) throw error }
 */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === DUPLICATE_KEY;
}

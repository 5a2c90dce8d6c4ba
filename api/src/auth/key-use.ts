import type { Models } from '../models/models';
import type { Viewer } from './viewer';

/**
 * Writes that an API key was used (its `lastUsedAt`) when this process last wrote it, or the store last showed it, at
 * least `intervalMs` ago (0: every use), so a busy key costs one write per interval per process, not one per request.
 * `$max` keeps the latest of two processes' writes. A failed write is logged, not the request's failure: the time is
 * a note for people, not a condition of access. Sessions and anonymous callers pass through.
 * @example await noteKeyUse({ models, viewer, intervalMs: 60_000, log })
 */
export async function noteKeyUse(input: { models: Models; viewer: Viewer; intervalMs: number; log: (line: string) => void }): Promise<void> {
  const { viewer } = input;
  if (viewer.kind !== 'user' || viewer.credential.kind !== 'apiKey') return;
  const credential = viewer.credential;
  const now = Date.now();
  if (now - credential.usedAt < input.intervalMs) return;
  // Noted before the write: the requests that arrive while it runs do not write again.
  credential.usedAt = now;
  try {
    await input.models.ApiKey.updateOne({ tenantId: viewer.tenantId, _id: credential.id }, { $max: { lastUsedAt: new Date(now) } });
  } catch (error) {
    input.log(`could not note the use of API key ${credential.id}: ${(error as Error).message}`);
  }
}

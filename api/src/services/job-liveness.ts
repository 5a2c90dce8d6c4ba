import type { JobDoc } from '../models/job';
import { addErrors } from './new-job';
import type { Services } from './services';

/** Heartbeats per stale period: a live job's `updatedAt` is never older than an eighth of it (plus one write). */
export const HEARTBEATS_PER_STALE_PERIOD = 8;

/**
 * Refreshes a running job's `updatedAt` every `jobStaleAfterMs / 8` until the returned stop is called, so that
 * any process can tell a job whose process is alive from one whose process is gone (see `jobAsSeen`). The beat
 * is a timer, not the import's progress: a slow row does not make a live job look dead. Given `runner` (a
 * migration run), it beats only while that run holds the job: a run that went silent and lost the job to
 * another must not make the new holder look alive, nor itself (its next save finds the job gone and stops).
 * @example const stop = startJobHeartbeat({ services, job, runner }); try { await work() } finally { stop() }
 */
export function startJobHeartbeat(input: { services: Services; job: Pick<JobDoc, '_id' | 'tenantId'>; runner?: string }): () => void {
  const { services, job } = input;
  const held = { tenantId: job.tenantId, _id: job._id, status: 'running' as const, ...(input.runner === undefined ? {} : { runner: input.runner }) };
  const beat = () => {
    // Only while running: a beat that lands after the job's last save must not touch a finished job.
    services.models.Job.updateOne(held, { $set: { updatedAt: new Date() } }).catch((error: unknown) =>
      services.log(`job ${job._id} of tenant ${job.tenantId}: heartbeat not written: ${(error as Error).message}`),
    );
  };
  const timer = setInterval(beat, Math.max(1, Math.floor(services.config.jobStaleAfterMs / HEARTBEATS_PER_STALE_PERIOD)));
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A job as a reader should see it: a `running` import without a heartbeat for `staleAfterMs` is `failed`, with
 * an error saying since when (its process is gone: it died, or was killed, before finishing). Nothing is
 * written; a migration is left as it is (`running` there also means stopped by `limit`, waiting to be resumed).
 * @example jobAsSeen(job, { now: Date.now(), staleAfterMs: 120_000 }).status // → 'failed' for an import silent for 3 minutes
 */
export function jobAsSeen(job: JobDoc, input: { now: number; staleAfterMs: number }): JobDoc {
  if (job.kind !== 'import' || job.status !== 'running' || input.now - job.updatedAt.getTime() <= input.staleAfterMs) return job;
  const seen: JobDoc = { ...job, status: 'failed', errors: [...job.errors] };
  addErrors(seen, [
    {
      row: 0,
      pointer: '',
      message:
        `interrupted: no progress since ${job.updatedAt.toISOString()}; the process importing it stopped after ${job.processed} of ${job.total} rows. ` +
        'Import the file again: the rows already imported are skipped as duplicates',
    },
  ]);
  return seen;
}

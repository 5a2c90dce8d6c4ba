import type { FunnelRecord } from '@funnel/engine';
import type { JobDoc } from '../models/job';
import type { RecordDoc } from '../models/record';
import { startJobHeartbeat } from './job-liveness';
import { jobBusy, saveJob } from './new-job';
import type { Services } from './services';

/**
 * Runs a job this run holds (`runner`, set on the job): `run` with the job's heartbeat beating, then the job's status
 * stored and the job let go, however `run` ends.
 * @example await holdingJob({ services, job, runner }, () => recordBatches({ … }))
 */
export async function holdingJob(input: { services: Services; job: JobDoc; runner: string }, run: () => Promise<void>): Promise<void> {
  const { services, job, runner } = input;
  const stopHeartbeat = startJobHeartbeat({ services, job, runner });
  try {
    await run();
  } finally {
    stopHeartbeat();
    delete job.runner;
    await services.models.Job.updateOne(
      { tenantId: job.tenantId, _id: job._id, runner },
      { $set: { status: job.status, updatedAt: new Date() }, $unset: { runner: '' } },
    );
  }
}

/**
 * A job's records (those `filter` finds) in id order after its cursor, `batch` at a time until none is left (the job
 * is done) or `limit` are done: `each` does one, then the job counts it and moves its cursor past it; the job is
 * saved after each batch while this run holds it. A run that went silent past the stale period, whose job another
 * run took over from the last saved cursor, stops with JobBusy without saving.
 * @example await recordBatches({ services, job, filter: { owner: 'u1' }, batch: 50, limit: Infinity, each: async (record) => … })
 */
export async function recordBatches(input: {
  services: Services;
  job: JobDoc;
  filter: Record<string, unknown>;
  batch: number;
  limit: number;
  each: (record: FunnelRecord, doc: RecordDoc) => Promise<void>;
}): Promise<void> {
  const { services, job } = input;
  let budget = input.limit;
  while (budget > 0) {
    const docs = (await services.models.Record.find(
      { tenantId: job.tenantId, ...input.filter, ...(job.cursor ? { _id: { $gt: job.cursor } } : {}) },
      { contact: 0 },
    )
      .sort({ _id: 1 })
      .limit(Math.min(input.batch, budget))
      .lean()) as unknown as RecordDoc[];
    if (docs.length === 0) {
      job.status = 'done';
      return;
    }
    for (const doc of docs) {
      await input.each(services.records.fromDoc(doc), doc);
      job.processed += 1;
      job.cursor = doc._id;
    }
    budget -= docs.length;
    if (!(await saveJob({ models: services.models, job, runner: job.runner }))) throw await jobBusy({ services, job });
  }
}

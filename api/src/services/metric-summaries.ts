import { dayOf } from '@funnel/engine';
import { randomUUID } from 'node:crypto';
import type { WorkflowDefinition } from '@funnel/schemas';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { JobDoc } from '../models/job';
import { buildMetricDay, METRIC_DAY_FORMAT, outcomesKey } from '../metrics/metric-days';
import { metricsJobId } from '../metrics/metrics-job-id';
import { startJobHeartbeat } from './job-liveness';
import { newJob, saveJob } from './new-job';
import type { Services } from './services';

/** Days built between two saves of a backfill's progress. */
const DAYS_PER_SAVE = 10;

/**
 * Builds and keeps the metric summaries (docs/metrics.md "Summaries", docs/decisions.md 28). Every process runs the
 * same rounds (every `metricsBuildIntervalMs`): for each published workflow, its job builds each closed UTC day in
 * order, from the first day the workflow has data on (the backfill, with progress: days done of days to do), then
 * each day as it closes; one process at a time holds a workflow's job (a lease that a process killed mid-run loses
 * after `jobStaleAfterMs`, and the next round elsewhere resumes from its last saved day). Days marked since their
 * build, or built with other closing stages or in another shape, are built again by any process: a build is
 * idempotent, so two processes building one day store the same summary.
 * @example services.metricSummaries.start(); await services.metricSummaries.buildDue()
 */
export class MetricSummaries {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** This process's hold on a job: its pid first, so an operator (or a test) can tell which process holds one. */
  private readonly runner = `${process.pid}:${randomUUID()}`;

  constructor(private readonly services: Services) {}

  /** Starts the rounds (none when `metricsBuildIntervalMs` is 0). */
  start(): void {
    const interval = this.services.config.metricsBuildIntervalMs;
    if (interval <= 0) return;
    const tick = () => {
      this.timer = null;
      if (this.stopped) return;
      this.running = this.buildDue()
        .catch((error: unknown) => this.services.log(`metric summaries: round failed: ${(error as Error).stack ?? String(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, interval).unref();
        });
    };
    this.timer = setTimeout(tick, interval).unref();
  }

  /** Ends the rounds after the current day's build. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /**
   * One round: every published workflow (of one tenant, given `tenantId`) has its closed days built up to the
   * last one and its marked days built again. Resolves when the round is over.
   */
  async buildDue(tenantId?: string): Promise<void> {
    const { models } = this.services;
    const workflows = await models.Workflow.collection
      .find<{ tenantId: string; key: string }>(
        { ...(tenantId === undefined ? {} : { tenantId }), latestVersion: { $gt: 0 } },
        { projection: { tenantId: 1, key: 1 } },
      )
      .toArray();
    for (const w of workflows) {
      if (this.stopped) return;
      const { definition } = await this.services.workflows.latest({ tenantId: w.tenantId, key: w.key });
      const target = { tenantId: w.tenantId, workflowKey: w.key, definition };
      const settledAt = (await this.services.clock.now(w.tenantId)) - this.services.config.metricsDaySettleMs;
      await this.buildClosedDays({ ...target, settledAt });
      // Today's summary grows to a few seconds ago, so a dashboard reads only the last seconds from the log.
      await buildMetricDay({ models: this.services.models, ...target, day: dayOf(settledAt), upTo: settledAt });
      await this.buildMarkedDays({ ...target, settledAt });
    }
  }

  /** Builds the workflow's closed days after its job's last, in order, while this process holds the job. */
  private async buildClosedDays(target: { tenantId: string; workflowKey: string; definition: WorkflowDefinition; settledAt: number }): Promise<void> {
    const { models, config } = this.services;
    const { tenantId } = target;
    // The last UTC day that has closed on the tenant's clock, settle time included.
    const lastClosed = dayOf(target.settledAt) - 1;
    const job = await this.openJob({ ...target, lastClosed });
    if (job.lastDay === undefined || job.lastDay >= lastClosed) return;
    const now = Date.now();
    const held = await models.Job.findOneAndUpdate(
      {
        tenantId,
        _id: job._id,
        $or: [{ runner: { $exists: false } }, { runner: this.runner }, { updatedAt: { $lt: new Date(now - config.jobStaleAfterMs) } }],
      },
      { $set: { runner: this.runner, updatedAt: new Date(now) } },
      { returnDocument: 'after', lean: true },
    );
    if (!held) return; // another process is building this workflow's days
    const stopHeartbeat = startJobHeartbeat({ services: this.services, job: held, runner: this.runner });
    try {
      let day = (held.lastDay ?? lastClosed) + 1;
      held.total = Math.max(held.total, held.processed + (lastClosed - day + 1));
      while (day <= lastClosed && !this.stopped) {
        await buildMetricDay({ models, ...target, day });
        held.lastDay = day;
        held.processed += 1;
        day += 1;
        if (day > lastClosed) held.status = 'done';
        if ((held.processed % DAYS_PER_SAVE === 0 || day > lastClosed) && !(await saveJob({ models, job: held, runner: this.runner }))) return;
      }
      await saveJob({ models, job: held, runner: this.runner });
    } finally {
      stopHeartbeat();
      await models.Job.updateOne({ tenantId, _id: held._id, runner: this.runner }, { $unset: { runner: '' } });
    }
  }

  /**
   * The workflow's job, created on its first round: it starts at the first day the workflow has an event, a record
   * created or a record closed on, and keeps the records with an outcome and no closing time (found by a scan of the
   * workflow's records, once: no write path makes more).
   */
  private async openJob(input: { tenantId: string; workflowKey: string; definition: WorkflowDefinition; lastClosed: number }): Promise<JobDoc> {
    const { models } = this.services;
    const { tenantId, workflowKey } = input;
    const _id = metricsJobId(tenantId, workflowKey);
    const found = await models.Job.findOne({ tenantId, _id }).lean();
    if (found) return found;
    const firstDay = await this.firstDataDay({ tenantId, workflowKey });
    const start = Math.min(firstDay ?? input.lastClosed + 1, input.lastClosed + 1);
    const undated = await models.Record.find({ tenantId, workflowKey, outcome: { $exists: true }, closedAt: { $exists: false } }, { _id: 1 }).lean();
    const job = newJob({
      tenantId,
      workflowKey,
      kind: 'metrics',
      _id,
      lastDay: start - 1,
      total: input.lastClosed - start + 1,
      undatedRecords: undated.map((r) => r._id),
    });
    if (job.total === 0) job.status = 'done';
    try {
      await models.Job.create(job);
      return job;
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      return (await models.Job.findOne({ tenantId, _id }).lean()) as JobDoc;
    }
  }

  /** The first day with an event, a record's creation or a record's closing of the workflow, by the indexes. */
  private async firstDataDay(input: { tenantId: string; workflowKey: string }): Promise<number | undefined> {
    const { models } = this.services;
    const any = { $gte: -8.64e15 };
    const [event, created, closed] = await Promise.all([
      models.Event.findOne({ ...input, at: any }, { at: 1 })
        .sort({ at: 1 })
        .lean(),
      models.Record.findOne({ ...input, createdAt: any }, { createdAt: 1 })
        .sort({ createdAt: 1 })
        .lean(),
      models.Record.findOne({ ...input, closedAt: any }, { closedAt: 1 })
        .sort({ closedAt: 1 })
        .lean(),
    ]);
    const times = [event?.at, created?.createdAt, closed?.closedAt].filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : dayOf(Math.min(...times));
  }

  /** Builds again the workflow's days marked since their build, or built with other closing stages or in another shape. */
  private async buildMarkedDays(target: { tenantId: string; workflowKey: string; definition: WorkflowDefinition; settledAt: number }): Promise<void> {
    const { models } = this.services;
    const stale = await models.MetricDay.find(
      {
        tenantId: target.tenantId,
        workflowKey: target.workflowKey,
        $or: [{ dirty: true }, { outcomesKey: { $ne: outcomesKey(target.definition) } }, { format: { $ne: METRIC_DAY_FORMAT } }],
      },
      { day: 1 },
    ).lean();
    for (const { day } of stale) {
      if (this.stopped) return;
      await buildMetricDay({ models, ...target, day, upTo: target.settledAt });
    }
  }
}

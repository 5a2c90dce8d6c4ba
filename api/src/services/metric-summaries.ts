import { dayOf } from '@funnel/engine';
import { randomUUID } from 'node:crypto';
import type { WorkflowDefinition } from '@funnel/schemas';
import { DUPLICATE_KEY } from '../models/duplicate-key';
import type { JobDoc } from '../models/job';
import { buildMetricDay, summariesKey, type SummaryTarget } from '../metrics/metric-days';
import { metricsJobId } from '../metrics/metrics-job-id';
import { advancePipelineRollup } from '../metrics/pipeline-rollup';
import { workflowDataDays } from '../metrics/workflow-data-days';
import { startJobHeartbeat } from './job-liveness';
import { newJob, saveJob } from './new-job';
import type { Services } from './services';

/** Days built between two saves of a backfill's progress (a round's share may be larger). */
const DAYS_PER_SAVE = 10;

/** A workflow's share of one round: how many more days it may build in it. */
interface Share {
  days: number;
}

/**
 * Builds and keeps the metric summaries (docs/metrics.md "Summaries", docs/decisions.md 28). Every process runs the
 * same rounds. A round visits every published workflow once and gives it a share of at most `metricsDaysPerRound`
 * days of building: first its job's closed UTC days in order, from the first day the workflow has data on (the
 * backfill, with progress: days done of days to do), then each day as it closes; then today's summary grows; then
 * days marked since their build are built again. A workflow with more work than its share goes on in the next round,
 * which then starts at once (otherwise after `metricsBuildIntervalMs`): so one tenant's long backfill holds another
 * tenant's today back by at most one share, and every tenant progresses every round. A workflow that fails is logged
 * with its tenant and left to the next round; the others go on. One process at a time holds a workflow's job (a lease
 * that a process killed mid-run loses after `jobStaleAfterMs`; the next round elsewhere resumes from its last saved
 * day); marked days are built by any process: a build is idempotent, so two processes building one day store the same
 * summary.
 * @example services.metricSummaries.start(); while (await services.metricSummaries.buildDue(tenantId));
 */
export class MetricSummaries {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<boolean> | null = null;
  private stopped = false;
  /** This process's hold on a job: its pid first, so an operator (or a test) can tell which process holds one. */
  private readonly runner = `${process.pid}:${randomUUID()}`;

  constructor(private readonly services: Services) {}

  /** Starts the rounds (none when `metricsBuildIntervalMs` is 0): back-to-back while workflows have work left beyond their share. */
  start(): void {
    const interval = this.services.config.metricsBuildIntervalMs;
    if (interval <= 0) return;
    const tick = () => {
      this.timer = null;
      if (this.stopped) return;
      const round = this.buildDue().catch((error: unknown) => {
        this.services.log(`metric summaries: round failed: ${(error as Error).stack ?? String(error)}`);
        return false;
      });
      this.running = round;
      void round.then((more) => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(tick, more ? 0 : interval).unref();
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
   * One round: every published workflow (of one tenant, given `tenantId`) builds its share. Resolves when the round
   * is over: true when some workflow has more to build than its share, so that the next round should follow at once.
   */
  async buildDue(tenantId?: string): Promise<boolean> {
    const workflows = await this.services.models.Workflow.collection
      .find<{ tenantId: string; key: string }>(
        { ...(tenantId === undefined ? {} : { tenantId }), latestVersion: { $gt: 0 } },
        { projection: { tenantId: 1, key: 1 } },
      )
      .toArray();
    let more = false;
    for (const w of workflows) {
      if (this.stopped) return false;
      try {
        if (await this.buildShare({ tenantId: w.tenantId, workflowKey: w.key })) more = true;
      } catch (error) {
        // A version that will not load, a store that refuses a write: the other workflows' summaries go on.
        this.services.log(`metric summaries: tenant ${w.tenantId}, workflow ${w.key}: ${(error as Error).stack ?? String(error)}`);
      }
    }
    return more;
  }

  /** One workflow's share of a round; true when it has more to build than its share. */
  private async buildShare(input: { tenantId: string; workflowKey: string }): Promise<boolean> {
    const { models, config, clock } = this.services;
    const { tenantId, workflowKey } = input;
    const { definition } = await this.services.workflows.latest({ tenantId, key: workflowKey });
    const target = { models, tenantId, workflowKey, definition };
    const settledAt = (await clock.now(tenantId)) - config.metricsDaySettleMs;
    // The last UTC day that has closed on the tenant's clock, settle time included.
    const lastClosed = dayOf(settledAt) - 1;
    const job = await this.openJob({ ...target, lastClosed });
    await this.markIfSummarizedOtherwise({ job, definition });
    const share: Share = { days: config.metricsDaysPerRound };
    const closedLeft = await this.buildClosedDays({ ...target, job, lastClosed, share });
    // Today's summary grows to a few seconds ago, so a dashboard reads only the last seconds from the log.
    await buildMetricDay({ ...target, day: dayOf(settledAt), upTo: settledAt });
    const markedLeft = await this.buildMarkedDays({ ...target, settledAt, share });
    // The pipeline's rollup (docs/decisions.md 40): its baseline's scan, then the log's pipeline changes.
    const rollupLeft = await advancePipelineRollup({
      models,
      tenantId,
      workflowKey,
      settleMs: Math.max(config.eventFeedSettleMs, config.pipelineRollupSettleMs),
    });
    return closedLeft || markedLeft || rollupLeft;
  }

  /**
   * Builds the workflow's closed days after its job's last, in order, up to the share, while this process holds the
   * job; a job that was done and finds new days runs again (and beats) until it is done again. True when days are left.
   */
  private async buildClosedDays(target: SummaryTarget & { job: JobDoc; lastClosed: number; share: Share }): Promise<boolean> {
    const { models, config } = this.services;
    const { tenantId, job, lastClosed, share } = target;
    if (job.lastDay === undefined || job.lastDay >= lastClosed) return false;
    const now = Date.now();
    const held = await models.Job.findOneAndUpdate(
      {
        tenantId,
        _id: job._id,
        $or: [{ runner: { $exists: false } }, { runner: this.runner }, { updatedAt: { $lt: new Date(now - config.jobStaleAfterMs) } }],
      },
      { $set: { runner: this.runner, status: 'running', updatedAt: new Date(now) } },
      { returnDocument: 'after', lean: true },
    );
    if (!held) return false; // another process is building this workflow's days; its rounds carry them on
    const stopHeartbeat = startJobHeartbeat({ services: this.services, job: held, runner: this.runner });
    try {
      let day = (held.lastDay ?? lastClosed) + 1;
      held.total = Math.max(held.total, held.processed + (lastClosed - day + 1));
      while (day <= lastClosed && share.days > 0 && !this.stopped) {
        await buildMetricDay({ ...target, day });
        share.days -= 1;
        held.lastDay = day;
        held.processed += 1;
        day += 1;
        if (held.processed % DAYS_PER_SAVE === 0 && day <= lastClosed && !(await saveJob({ models, job: held, runner: this.runner }))) return false;
      }
      if (day > lastClosed) held.status = 'done';
      if (!(await saveJob({ models, job: held, runner: this.runner }))) return false;
      return day <= lastClosed;
    } finally {
      stopHeartbeat();
      await models.Job.updateOne({ tenantId, _id: held._id, runner: this.runner }, { $unset: { runner: '' } });
    }
  }

  /**
   * Marks every stored day of the workflow once when its latest definition closes deals in other stages, or the
   * summaries have another shape, than the days were built with (`summariesKey`), so that the rounds build them
   * again; until then readers take them from the log (`storedMetricDays` keeps only days built this way).
   */
  private async markIfSummarizedOtherwise(input: { job: JobDoc; definition: WorkflowDefinition }): Promise<void> {
    const { models } = this.services;
    const { job } = input;
    const key = summariesKey(input.definition);
    if (job.summariesKey === key) return;
    // Marked before the key is saved: a process stopped in between marks them again in its next round.
    await models.MetricDay.updateMany({ tenantId: job.tenantId, workflowKey: job.workflowKey }, { $inc: { gen: 1 }, $set: { dirty: true } });
    await models.Job.updateOne({ tenantId: job.tenantId, _id: job._id }, { $set: { summariesKey: key } });
    job.summariesKey = key;
  }

  /**
   * The workflow's job, created on its first round: it starts at the first day the workflow has an event, a record
   * created or a record closed on, and keeps the records with an outcome and no closing time (found by a scan of the
   * workflow's records, once: no write path makes more).
   */
  private async openJob(input: SummaryTarget & { lastClosed: number }): Promise<JobDoc> {
    const { models } = this.services;
    const { tenantId, workflowKey } = input;
    const _id = metricsJobId(tenantId, workflowKey);
    const found = await models.Job.findOne({ tenantId, _id }).lean();
    if (found) return found;
    const data = await workflowDataDays(input);
    const start = Math.min(data?.first ?? input.lastClosed + 1, input.lastClosed + 1);
    const undated = await models.Record.find({ tenantId, workflowKey, outcome: { $exists: true }, closedAt: { $exists: false } }, { _id: 1 }).lean();
    const job = newJob({
      tenantId,
      workflowKey,
      kind: 'metrics',
      _id,
      lastDay: start - 1,
      total: input.lastClosed - start + 1,
      undatedRecords: undated.map((r) => r._id),
      summariesKey: summariesKey(input.definition),
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

  /** Builds again the workflow's days marked since their build, up to the share; true when marked days are left. */
  private async buildMarkedDays(target: SummaryTarget & { settledAt: number; share: Share }): Promise<boolean> {
    const { tenantId, workflowKey, share } = target;
    // One more than the share: whether any would be left.
    const marked = await this.services.models.MetricDay.find({ tenantId, workflowKey, dirty: true }, { day: 1 })
      .limit(share.days + 1)
      .lean();
    for (const { day } of marked.slice(0, share.days)) {
      if (this.stopped) return false;
      await buildMetricDay({ ...target, day, upTo: target.settledAt });
    }
    const left = marked.length > share.days;
    share.days = Math.max(0, share.days - marked.length);
    return left;
  }
}

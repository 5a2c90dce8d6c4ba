import { decide, NO_ONE_AVAILABLE, type Actor, type AssignedBy, type CompiledAssignmentRule, type CompiledWorkflow, type FunnelRecord } from '@funnel/engine';
import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../accounts/admin-changes';
import { auditRecord } from '../accounts/admin-changes';
import { ApiError, LimitReachedError, NotFoundError, ValidationFailedError } from '../errors';
import type { JobDoc } from '../models/job';
import { activeOwner } from './active-owner';
import { holdingJob, recordBatches } from './job-batches';
import { addErrors, claimJob, newJob } from './new-job';
import { appliedOrThrow, runRecordCommand } from './record-command';
import type { Services } from './services';

/** Records a hand-over moves per batch between saves of its job. */
const HAND_OVER_BATCH = 50;
/** An owner no user has, for asking the engine where an assignment leaves a record before routing picks the owner. */
const ROUTING_STAND_IN = '\u0000routing';

/** Most records one `distributeRecords` call takes: a manager's page of the pool, not a bulk job. */
export const DISTRIBUTE_MAX = 500;

/** Where one record went: to `owner` (by `by` when a rule chose), or nowhere, with why. */
export type Placement = { id: string; owner: string; by: AssignedBy | null } | { id: string; owner: null; reason: string };

/** The rule of the record's workflow named `key`, or the first whose condition the record meets (null: none does). */
function ruleFor(services: Services, workflow: CompiledWorkflow, record: FunnelRecord, key: string | null, now: number): CompiledAssignmentRule | null {
  if (key === null) return services.routing.rule({ workflow, record, now });
  const rule = workflow.assignment?.rules.find((r) => r.key === key);
  if (!rule) throw new NotFoundError({ what: 'assignment rule', id: key, pointer: '/rule' });
  return rule;
}

/**
 * Gives one record to `to`, or by routing (`rule`: that rule of its workflow; neither: the first rule it meets),
 * through the engine's `assign` (managers, admins, the system) and the record store's one commit, which takes the
 * new owner's capacity place. Routed and nobody fits: the record stays as it is, and the placement says why.
 * `except`: a person routing must pass over (the one a hand-over takes the record from).
 * @example await assignOne({ services, tenantId, actor, id: 'r1', to: 'u_ann', reason: 'territory' })
 */
async function assignOne(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  id: string;
  to?: string | null;
  rule?: string | null;
  reason?: string | null;
  expectedVersion?: number | null;
  except?: string | null;
}): Promise<{ placement: Placement; record: FunnelRecord }> {
  const { services, tenantId, actor, id } = input;
  const reason = input.reason ?? undefined;
  if (input.to) {
    const { record } = await runRecordCommand({
      services,
      tenantId,
      id,
      expectedVersion: input.expectedVersion,
      command: { type: 'assign', to: input.to, actor, ...(reason !== undefined ? { reason } : {}) },
    });
    return { placement: { id, owner: input.to, by: null }, record };
  }
  const record = await services.records.find(tenantId, id, input.expectedVersion);
  if (!record) throw new NotFoundError({ what: 'record', id, pointer: '/id' });
  const workflow = await services.workflows.version({ tenantId, key: record.workflowKey, version: record.workflowVersion });
  const now = await services.clock.now(tenantId);
  const rule = ruleFor(services, workflow, record, input.rule ?? null, now);
  if (!rule) return { placement: { id, owner: null, reason: 'no_rule_matches' }, record };
  // Routing weighs capacity by the stage the assignment leaves the record in (a pool record moves to its claim stage):
  // the engine's answer for a stand-in owner says which, and refuses what it would refuse anyway.
  const moved = appliedOrThrow(decide({ workflow, record, now, command: { type: 'assign', to: ROUTING_STAND_IN, actor } })).record;
  const routed = await services.routing.route({ tenantId, workflow, rule, record: moved, now, except: input.except ?? null, version: record.version + 1 });
  const owner = routed.owner;
  if (owner === null) return { placement: { id, owner: null, reason: NO_ONE_AVAILABLE }, record };
  try {
    const done = await runRecordCommand({
      services,
      tenantId,
      id,
      expectedVersion: record.version,
      command: { type: 'assign', to: owner, by: routed.by, actor, ...(reason !== undefined ? { reason } : {}) },
    });
    return { placement: { id, owner, by: routed.by }, record: done.record };
  } catch (error) {
    // Routing took the new owner's place for the record, tagged with the assignment's version; a refused or lost
    // assignment gives that take back, unless the record is theirs now all the same (the recount takes back one that
    // does not count) or a later take tagged the place again.
    if ((await services.records.find(tenantId, id))?.owner !== owner) {
      await services.capacity.give({ tenantId, workflowKey: record.workflowKey, userId: owner, recordId: id, exactly: record.version + 1 });
    }
    throw error;
  }
}

/**
 * A manager hands pool records to people: to `owners` in turn (each record to the next of them with room), or by
 * routing (`rule`, or each record's first matching rule). Records outside the pool are not taken from their owners
 * (say `assignRecord` for that). Every record gets its placement, refusals included; none stops the others.
 * @example await distributeRecords({ services, tenantId, actor, ids: ['r1', 'r2'], owners: ['u_ann', 'u_bob'] })
 */
export async function distributeRecords(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  ids: readonly string[];
  owners?: readonly string[] | null;
  rule?: string | null;
  reason?: string | null;
}): Promise<Placement[]> {
  const { services, tenantId, actor } = input;
  const owners = input.owners ?? [];
  if (owners.length > 0 && input.rule) {
    throw new ValidationFailedError([{ severity: 'error', code: 'one_of', pointer: '/rule', message: 'give owners or a rule, not both' }]);
  }
  await Promise.all(owners.map((owner, i) => activeOwner(services, tenantId, owner, `/owners/${i}`)));
  const placements: Placement[] = [];
  let turn = 0;
  for (const id of input.ids) {
    const record = await services.records.find(tenantId, id);
    if (!record) {
      placements.push({ id, owner: null, reason: 'not_found' });
      continue;
    }
    if (!record.pool || record.owner !== null) {
      placements.push({ id, owner: null, reason: 'not_in_pool' });
      continue;
    }
    placements.push(await placeFromPool({ services, tenantId, actor, record, owners, turn, rule: input.rule ?? null, reason: input.reason ?? null }));
    turn += 1;
  }
  return placements;
}

/** One pool record to the first of `owners` from `turn` on whose capacity has room, or by routing without owners. */
async function placeFromPool(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  record: FunnelRecord;
  owners: readonly string[];
  turn: number;
  rule: string | null;
  reason: string | null;
}): Promise<Placement> {
  const { services, tenantId, actor, record, owners } = input;
  const id = record.id;
  const tries = owners.length === 0 ? [null] : owners.map((_, i) => owners[(input.turn + i) % owners.length] ?? null);
  for (const to of tries) {
    try {
      const { placement } = await assignOne({ services, tenantId, actor, id, to, rule: input.rule, reason: input.reason, expectedVersion: record.version });
      return placement;
    } catch (error) {
      // A full owner: the next one may have room. Anything else is this record's answer.
      if (error instanceof LimitReachedError && to !== null) continue;
      // A store that failed is no answer about this record: the call fails (the records before are placed, and say so in history).
      if (!(error instanceof ApiError)) throw error;
      return { id, owner: null, reason: String(error.extensions.code ?? error.message) };
    }
  }
  return { id, owner: null, reason: NO_ONE_AVAILABLE };
}

/**
 * Hands over every open record of `from` (a salesperson who left or is away for long), batch by batch: to `to`, or
 * by routing (`rule`, or each record's first matching rule), never back to `from`; a record routing finds nobody for
 * goes to the pool with reason `no_one_available`. A job keeps the progress (`processed`, `created`: handed over,
 * `skipped`: to the pool or refused, with errors); a `limit` stops a run, and a call with the job's id resumes it.
 * One run of a job at a time (JobBusy otherwise).
 * @example await handOverRecords({ services, tenantId, actor, auditActor, from: 'u_sue', rule: 'sales' })
 */
export async function handOverRecords(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  auditActor: AuditActor;
  from: string;
  to?: string | null;
  rule?: string | null;
  reason?: string | null;
  jobId?: string | null;
  limit?: number | null;
}): Promise<JobDoc> {
  const { services, tenantId } = input;
  const { models } = services;
  if (input.to && input.rule)
    throw new ValidationFailedError([{ severity: 'error', code: 'one_of', pointer: '/rule', message: 'give to or a rule, not both' }]);
  if (input.to === input.from)
    throw new ValidationFailedError([{ severity: 'error', code: 'same_user', pointer: '/to', message: 'to is the user records are handed over from' }]);
  if (!(await models.User.exists({ tenantId, _id: input.from }))) throw new NotFoundError({ what: 'user', id: input.from, pointer: '/from' });
  if (input.to) await activeOwner(services, tenantId, input.to, '/to');
  const handOver = { from: input.from, to: input.to ?? null, rule: input.rule ?? null, reason: input.reason ?? null };
  const runner = randomUUID();
  let job: JobDoc;
  if (input.jobId) {
    const resumed = await models.Job.findOne({ tenantId, _id: input.jobId, kind: 'hand_over' }).lean();
    if (!resumed) throw new NotFoundError({ what: 'hand-over job', id: input.jobId, pointer: '/jobId' });
    if (JSON.stringify(resumed.handOver) !== JSON.stringify(handOver)) {
      throw new ValidationFailedError([
        { severity: 'error', code: 'job_mismatch', pointer: '/jobId', message: 'the job was started with another from, to, rule or reason' },
      ]);
    }
    // A finished hand-over is answered as it is: run again, it would start past its cursor.
    if (resumed.status === 'done') return resumed;
    job = await claimJob({ services, job: resumed, runner });
  } else {
    const total = await models.Record.countDocuments({ tenantId, owner: input.from, outcome: { $exists: false } });
    job = { ...newJob({ tenantId, kind: 'hand_over', workflowKey: '', total, handOver }), runner };
    await startHandOver({ services, actor: input.auditActor, job });
  }
  await holdingJob({ services, job, runner }, () =>
    handOverBatches({ services, tenantId, actor: input.actor, job, limit: input.limit ?? Number.POSITIVE_INFINITY }),
  );
  return job;
}

/** Stores a new hand-over job with the audit log entry of its start. */
async function startHandOver(input: { services: Services; actor: AuditActor; job: JobDoc }): Promise<void> {
  const { services, job } = input;
  await services.audit.write({
    tenantId: job.tenantId,
    actor: input.actor,
    change: {
      action: 'hand_over_started',
      targetType: 'hand_over',
      targetId: job._id,
      before: null,
      after: auditRecord({ ...job.handOver, total: job.total }),
    },
    holder: { model: 'Job', id: job._id },
    write: (pending) => services.models.Job.create({ ...job, ...pending.field }),
  });
}

/** The job's records in id order after its cursor, batch by batch, each handed over or sent to the pool. */
async function handOverBatches(input: { services: Services; tenantId: string; actor: Actor; job: JobDoc; limit: number }): Promise<void> {
  const { services, tenantId, actor, job } = input;
  const spec = job.handOver as NonNullable<JobDoc['handOver']>;
  await recordBatches({
    services,
    job,
    filter: { owner: spec.from, outcome: { $exists: false } },
    batch: HAND_OVER_BATCH,
    limit: input.limit,
    each: async (record) => {
      const error = await handOverOne({ services, tenantId, actor, record, spec });
      if (error === null) job.created += 1;
      else {
        job.skipped += 1;
        if (error !== NO_ONE_AVAILABLE) addErrors(job, [{ row: job.processed, pointer: `/records/${record.id}`, message: error }]);
      }
    },
  });
}

/** One record handed over (null), or sent to the pool (NO_ONE_AVAILABLE), or why neither happened. */
async function handOverOne(input: {
  services: Services;
  tenantId: string;
  actor: Actor;
  record: FunnelRecord;
  spec: NonNullable<JobDoc['handOver']>;
}): Promise<string | null> {
  const { services, tenantId, actor, record, spec } = input;
  try {
    const { placement } = await assignOne({
      services,
      tenantId,
      actor,
      id: record.id,
      to: spec.to,
      rule: spec.rule,
      reason: spec.reason,
      expectedVersion: record.version,
      except: spec.from,
    });
    if (placement.owner !== null) return null;
    // At the version read: a record that changed hands since (a manager's assignment meanwhile) is not sent to the pool.
    await runRecordCommand({
      services,
      tenantId,
      id: record.id,
      expectedVersion: record.version,
      command: { type: 'release', actor, reason: NO_ONE_AVAILABLE },
    });
    return NO_ONE_AVAILABLE;
  } catch (error) {
    return (error as Error).message;
  }
}

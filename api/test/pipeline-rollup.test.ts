import { describe, expect, it } from 'vitest';
import { pipelineChange, type FunnelRecord } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { pipelineAggregation } from '../src/metrics/pipeline-aggregation';
import { pipelineFromRollup } from '../src/metrics/pipeline-from-rollup';
import { advancePipelineRollup } from '../src/metrics/pipeline-rollup';
import type { Models } from '../src/models/models';
import { embeddedStoreModels } from './embedded-store-models';

// The rollup's baseline scan, page by page against the embedded store, while records move: records created at one
// instant in large groups (a page cuts through them), records moving to later stages and to other owners mid-scan
// (the stage index would meet them twice), their first stamped changes storing a base and logging the change, and
// records created mid-scan. Once scanned and summed, the rollup's pipeline equals the `$group` over the records.

const store = embeddedStoreModels();
const definition = getTemplate('standard_trunk').definition;
const T = Date.UTC(2026, 2, 1, 9);
const STAGES = ['opportunity', 'product_trial', 'contract_negotiation', 'won', 'sql'] as const;
let tenantNumber = 0;

/** Numbers to 12 significant digits (sums added in another order differ in the last bits), through JSON. */
function rounded(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
}

/** A record's change as the drain logs it, stamped with its pipeline change (none when it changed nothing the pipeline reads). */
function stampedEvent(tenantId: string, id: string, version: number, change: ReturnType<typeof pipelineChange>) {
  return {
    _id: `${id}:${String(version).padStart(10, '0')}:0000`,
    tenantId,
    workflowKey: 'standard_trunk',
    recordId: id,
    type: 'transitioned',
    at: Date.now(),
    loggedAt: Date.now(),
    ...(change ? { pipelineChange: change } : {}),
  };
}

function recordAt(input: { id: string; createdAt: number; stage: (typeof STAGES)[number]; owner: string }): FunnelRecord {
  const stage = definition.stages.find((s) => s.key === input.stage);
  return {
    id: input.id,
    workflowKey: 'standard_trunk',
    workflowVersion: 1,
    stage: input.stage,
    phase: stage?.phase ?? 'lead',
    forecastCategory: stage?.forecastCategory ?? 'omitted',
    probability: stage?.probability ?? 0,
    ...(stage?.outcome ? { outcome: stage.outcome, closedAt: input.createdAt + 3_600_000 } : {}),
    owner: input.owner,
    fields: { amount: 1_000 + input.createdAt - T },
    counters: {},
    createdAt: input.createdAt,
    stageEnteredAt: input.createdAt,
    timers: [],
    nextDueAt: null,
    excludedFromPerformance: false,
    version: 1,
  };
}

const DAY = 86_400_000;

/**
 * A tenant of `count` records created by stamped commits (a base of nothing, the creation logged): every third won on a
 * day spread over about four months from January 20th, the others open in the trunk's stages.
 */
async function recordsWonOverMonths(models: Models, tenantId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const stage = i % 3 === 0 ? 'won' : (STAGES[i % 3] as (typeof STAGES)[number]);
    const record = recordAt({ id: `${tenantId}-m${i}`, createdAt: T + i, stage, owner: `u${i % 4}` });
    const closed = stage === 'won' ? { closedAt: Date.UTC(2026, 0, 20, 7) + ((i * 37) % 115) * DAY + i * 60_000 } : {};
    const { id, ...state } = { ...record, ...closed };
    await models.Record.collection.insertOne({ _id: id, tenantId, ...state, outbox: [], pipelineBase: { at: Date.now(), contribution: null } } as never);
    await models.Event.collection.insertOne(stampedEvent(tenantId, id, 1, pipelineChange(null, { ...record, ...closed })) as never);
  }
}

/** Periods over several months: whole months, partial first and last days, one inside a month, and none. */
const MONTHS_PERIODS = [
  undefined,
  { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 5, 1) },
  { from: Date.UTC(2026, 0, 25, 13), to: Date.UTC(2026, 3, 9, 4) },
  { from: Date.UTC(2026, 1, 3, 9), to: Date.UTC(2026, 1, 20, 17) },
  { from: Date.UTC(2026, 2, 31, 22), to: Date.UTC(2026, 3, 1, 2) },
];

/** The report from the rollup equals the `$group` for every period of `MONTHS_PERIODS`. */
async function expectEqualOverMonths(models: Models, tenantId: string): Promise<void> {
  for (const period of MONTHS_PERIODS) {
    const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {}, ...(period ? { period } : {}) };
    const fromRollup = await pipelineFromRollup(scoped);
    expect(fromRollup, JSON.stringify(period)).not.toBeNull();
    expect(rounded(fromRollup), JSON.stringify(period)).toEqual(rounded(await pipelineAggregation(scoped)));
  }
}

/** The won rows of the rollup's month documents: their count in all, by month. */
async function wonByMonth(models: Models, tenantId: string): Promise<Record<string, number>> {
  const months = await models.PipelineWonMonth.find({ tenantId }).lean();
  return Object.fromEntries(months.map((month) => [month.month, (JSON.parse(month.rows) as { count: number }[]).reduce((sum, row) => sum + row.count, 0)]));
}

/** The won records by UTC month of closing, as the month documents should count them. */
async function wonRecordsByMonth(models: Models, tenantId: string): Promise<Record<string, number>> {
  const won = await models.Record.find({ tenantId, outcome: 'won' }, { closedAt: 1 }).lean();
  const counts: Record<string, number> = {};
  for (const record of won) {
    const month = new Date(record.closedAt as number).toISOString().slice(0, 7);
    counts[month] = (counts[month] ?? 0) + 1;
  }
  return counts;
}

/** Whether the rollup (its baseline done) has a page of won rows that some month it names does not have yet. */
async function pageNotInEveryMonth(models: Models, tenantId: string): Promise<boolean> {
  const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
  if (!rollup?.cursor) return false;
  const months = Object.keys(JSON.parse(rollup.wonPage) as Record<string, unknown>);
  const stored = await models.PipelineWonMonth.find({ tenantId, _id: { $regex: `:${rollup.generation}:` } }).lean();
  return months.some((month) => (stored.find((m) => m.month === month)?.rev ?? -1) < rollup.rev);
}

/**
 * The models with the writes of a rollup (its compare-and-set, a month's create or update) failing as a crash would
 * when `crashes(n)` says so of the n-th of them: the write does not happen and the caller throws, as a process killed
 * there leaves it.
 */
function crashingModels(models: Models, crashes: (write: number) => boolean): Models {
  let writes = 0;
  const failing = <M extends object>(model: M, methods: readonly string[]): M =>
    new Proxy(model, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (!methods.includes(property as string)) return value.bind(target);
        return (...args: unknown[]) => {
          writes += 1;
          if (crashes(writes)) throw new Error(`crashed before write ${writes}`);
          return value.apply(target, args);
        };
      },
    });
  return {
    ...models,
    PipelineRollup: failing(models.PipelineRollup, ['findOneAndUpdate']),
    PipelineWonMonth: failing(models.PipelineWonMonth, ['updateOne', 'create']),
  };
}

/** A won record closed at `closedAt`, created by a stamped commit (a base of nothing, the creation logged). */
async function wonRecordClosedAt(models: Models, tenantId: string, id: string, closedAt: number): Promise<void> {
  const record = { ...recordAt({ id, createdAt: T, stage: 'won', owner: 'u1' }), closedAt };
  const { id: _, ...state } = record;
  await models.Record.collection.insertOne({ _id: id, tenantId, ...state, outbox: [], pipelineBase: { at: Date.now(), contribution: null } } as never);
  await models.Event.collection.insertOne(stampedEvent(tenantId, id, 1, pipelineChange(null, record)) as never);
}

/** What a report's reads of the month documents asked and got: the filter's length as JSON, the documents. */
type MonthRead = { filterChars: number; documents: number };

/** A model with its method `name` replaced (the replacement calls the model's own), everything else its own. */
function withMethod<M extends object>(model: M, name: string, replacement: (...args: never[]) => unknown): M {
  return new Proxy(model, {
    get(target, property) {
      if (property === name) return replacement;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The models with the month documents' `find` (a report's read of its months) noted in `reads`, after `before` has
 * run (a page landing between the report's read of the rollup and of its months).
 */
function monthReadsNoted(models: Models, reads: MonthRead[], before: () => Promise<void> = async () => {}): Models {
  const find = (filter: object) => ({
    lean: async () => {
      await before();
      const found = await models.PipelineWonMonth.find(filter).lean();
      reads.push({ filterChars: JSON.stringify(filter).length, documents: found.length });
      return found;
    },
  });
  return { ...models, PipelineWonMonth: withMethod(models.PipelineWonMonth, 'find', find) };
}

/**
 * The models of a process that stops once it has written a page of the rollup, just after it read a month document to
 * add the page to it: `paused` resolves then, and it goes on when `resume` resolves.
 */
function pausedAfterRollupWrite(models: Models, paused: () => void, resume: Promise<void>): Models {
  let written = false;
  const findOneAndUpdate = async (...args: Parameters<Models['PipelineRollup']['findOneAndUpdate']>) => {
    const stored = await models.PipelineRollup.findOneAndUpdate(...args);
    if (stored) written = true;
    return stored;
  };
  const findOne = (filter: object) => ({
    lean: async () => {
      const found = await models.PipelineWonMonth.findOne(filter).lean();
      if (written) {
        written = false;
        paused();
        await resume;
      }
      return found;
    },
  });
  return {
    ...models,
    PipelineRollup: withMethod(models.PipelineRollup, 'findOneAndUpdate', findOneAndUpdate),
    PipelineWonMonth: withMethod(models.PipelineWonMonth, 'findOne', findOne),
  };
}

describe('the pipeline rollup of a workflow whose records move while it scans', () => {
  it('reads every record once, by creation time, and sums to the $group', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    // 40 records at one instant, 30 at the next, 30 spread after: pages of 7 cut through the instants.
    const createdAt = (i: number) => (i < 40 ? T : i < 70 ? T + 1 : T + i * 60_000);
    const now = new Map<string, FunnelRecord>();
    for (let i = 0; i < 100; i++) {
      const record = recordAt({
        id: `r${String(i).padStart(3, '0')}`,
        createdAt: createdAt(i),
        stage: STAGES[i % STAGES.length] as (typeof STAGES)[number],
        owner: `u${i % 3}`,
      });
      now.set(record.id, record);
    }
    const toDoc = ({ id, ...state }: FunnelRecord, extra: Record<string, unknown> = {}) => ({ _id: id, tenantId, ...state, outbox: [], ...extra });
    await models.Record.collection.insertMany([...now.values()].map((r) => toDoc(r)) as never[]);
    let logged = 0;
    /** A stamped commit: the record moves, its first stamped change stores its base, the change goes to the log. */
    const commit = async (id: string, change: (r: FunnelRecord) => FunnelRecord) => {
      const before = now.get(id) ?? null;
      const after = change(before as FunnelRecord);
      const stored = await models.Record.findOne({ tenantId, _id: id }, { pipelineBase: 1 }).lean();
      const base = before && stored && !stored.pipelineBase ? { pipelineBase: { at: Date.now(), contribution: pipelineChange(null, before)?.to ?? null } } : {};
      const { id: _, ...state } = after;
      if (before) await models.Record.updateOne({ tenantId, _id: id }, { $set: { ...state, ...base } });
      else await models.Record.collection.insertOne(toDoc(after, { pipelineBase: { at: Date.now(), contribution: null } }) as never);
      now.set(id, after);
      logged += 1;
      await models.Event.collection.insertOne(stampedEvent(tenantId, id, after.version, pipelineChange(before, after)) as never);
    };
    const move = (stage: (typeof STAGES)[number], owner?: string) => (r: FunnelRecord) => ({
      ...recordAt({ id: r.id, createdAt: r.createdAt, stage, owner: owner ?? (r.owner as string) }),
      version: r.version + 1,
    });

    const target = { models, tenantId, workflowKey: 'standard_trunk', pageSize: 7 };
    // Ten pages: the first instant, part of the second.
    await advancePipelineRollup({ ...target, settleMs: 0 });
    // Records already scanned move on (one twice), records not yet scanned move back, one changes owner, two are new.
    await commit('r000', move('contract_negotiation'));
    await commit('r000', move('won'));
    await commit('r005', move('sql'));
    await commit('r090', move('opportunity'));
    await commit('r095', move('product_trial', 'u9'));
    await commit('r200', () => recordAt({ id: 'r200', createdAt: T + 1, stage: 'opportunity', owner: 'u1' }));
    await commit('r201', () => recordAt({ id: 'r201', createdAt: T + 500 * 60_000, stage: 'product_trial', owner: 'u2' }));
    while (await advancePipelineRollup({ ...target, settleMs: 0 }));
    const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
    expect(rollup?.cursor).not.toBeNull();
    expect(rollup?.events).toBe(logged);
    // Changes after the baseline, read live by the report.
    await commit('r090', move('won'));
    await commit('r011', move('opportunity', 'u0'));

    const workflow = { definition };
    for (const period of [undefined, { from: T, to: T + 2 * 86_400_000 }, { from: T + 3_600_000, to: T + 86_400_000 }]) {
      const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow, managers: {}, ...(period ? { period } : {}) };
      const fromRollup = await pipelineFromRollup(scoped);
      expect(fromRollup).not.toBeNull();
      expect(rounded(fromRollup)).toEqual(rounded(await pipelineAggregation(scoped)));
    }
  });

  it("counts a win once over a period ending mid-day while the win's stamp is still in its record's outbox, and once it is logged", async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    const target = { models, tenantId, workflowKey: 'standard_trunk', settleMs: 0 };
    while (await advancePipelineRollup(target));
    // Two opportunities, created and logged; then one is won today, mid-day: the record says won, its outbox holds the stamp.
    const open = ['w1', 'w2'].map((id) => recordAt({ id, createdAt: T, stage: 'opportunity', owner: 'u1' }));
    for (const record of open) {
      const { id, ...state } = record;
      await models.Record.collection.insertOne({ _id: id, tenantId, ...state, outbox: [], pipelineBase: { at: Date.now(), contribution: null } } as never);
      await models.Event.collection.insertOne(stampedEvent(tenantId, id, 1, pipelineChange(null, record)) as never);
    }
    const opportunity = open[0] as FunnelRecord;
    const won = { ...recordAt({ id: 'w1', createdAt: T, stage: 'won', owner: 'u1' }), closedAt: T + 2 * 3_600_000, version: 2 };
    const entry = { ...stampedEvent(tenantId, 'w1', 2, pipelineChange(opportunity, won)), event: { type: 'transitioned' } };
    const { id: _, ...wonState } = won;
    await models.Record.updateOne(
      { tenantId, _id: 'w1' },
      { $set: { ...wonState, outbox: [{ _id: entry._id, event: entry.event, pipelineChange: entry.pipelineChange }] } },
    );
    const period = { from: T - 86_400_000 + 3_600_000, to: T + 5 * 3_600_000 };
    const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {}, period };
    expect(rounded(await pipelineFromRollup(scoped))).toEqual(rounded(await pipelineAggregation(scoped)));
    // Logged now, its outbox not yet cleared: still once.
    await models.Event.collection.insertOne(stampedEvent(tenantId, 'w1', 2, pipelineChange(opportunity, won)) as never);
    expect(rounded(await pipelineFromRollup(scoped))).toEqual(rounded(await pipelineAggregation(scoped)));
    expect((await pipelineFromRollup(scoped))?.total.count).toBe(2);
  });

  it('sums each event of the log once when processes advance it at the same time', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    const target = { models, tenantId, workflowKey: 'standard_trunk', pageSize: 5, settleMs: 0 };
    while (await advancePipelineRollup(target));
    // 60 records created by stamped commits, logged after the (empty) baseline.
    for (let i = 0; i < 60; i++) {
      const record = recordAt({ id: `c${i}`, createdAt: T + i, stage: STAGES[i % STAGES.length] as (typeof STAGES)[number], owner: `u${i % 4}` });
      const { id, ...state } = record;
      await models.Record.collection.insertOne({ _id: id, tenantId, ...state, outbox: [], pipelineBase: { at: Date.now(), contribution: null } } as never);
      await models.Event.collection.insertOne({
        _id: `${id}:0000000001:0000`,
        tenantId,
        workflowKey: 'standard_trunk',
        recordId: id,
        type: 'record_created',
        at: T + i,
        loggedAt: Date.now(),
        pipelineChange: pipelineChange(null, record),
      } as never);
    }
    // Four advances at once, round after round: each reads the same page, one lands, the others read again.
    for (;;) {
      const more = await Promise.all(Array.from({ length: 4 }, () => advancePipelineRollup(target)));
      if (!more.includes(true)) break;
    }
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.events).toBe(60);
    const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {} };
    expect(rounded(await pipelineFromRollup(scoped))).toEqual(rounded(await pipelineAggregation(scoped)));
  });
  it('keeps the won rows by closing month in documents of their own, and a report reads only the months of its period', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    await recordsWonOverMonths(models, tenantId, 90);
    while (await advancePipelineRollup({ models, tenantId, workflowKey: 'standard_trunk', pageSize: 7, settleMs: 0 }));
    await expectEqualOverMonths(models, tenantId);
    // The rollup holds no won row by day; the months do, each its own.
    const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
    expect(rollup?.wonDays).toBeUndefined();
    expect((JSON.parse(rollup?.rows ?? '') as { closedDay: number | null }[]).every((row) => row.closedDay === null)).toBe(true);
    const months = await wonByMonth(models, tenantId);
    expect(Object.keys(months).sort()).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(months).toEqual(await wonRecordsByMonth(models, tenantId));
    // A month made unreadable: a report over a period of other months, or none, does not read it. (Models of their own:
    // this api has parsed every month at its revision already, and keeps what it parsed.)
    await models.PipelineWonMonth.updateOne({ tenantId, month: '2026-03' }, { $set: { rows: 'not JSON' } });
    const scoped = { models: { ...models }, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {} };
    const february = { ...scoped, period: { from: Date.UTC(2026, 1, 3, 9), to: Date.UTC(2026, 2, 1, 17) } };
    expect(rounded(await pipelineFromRollup(february))).toEqual(rounded(await pipelineAggregation(february)));
    expect(rounded(await pipelineFromRollup(scoped))).toEqual(rounded(await pipelineAggregation(scoped)));
    await expect(pipelineFromRollup({ ...scoped, period: { from: Date.UTC(2026, 1, 3), to: Date.UTC(2026, 2, 3) } })).rejects.toThrow(SyntaxError);
  });

  it('adds each page to each month once when a process dies at any write of it, and reports stay exact meanwhile', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    await recordsWonOverMonths(models, tenantId, 60);
    // Every third write of the rollup or of a month fails: between a page's rollup write and its months', between
    // two months, at the rollup's write itself. The next advance (another process) goes on from what is stored.
    const crashing = crashingModels(models, (write) => write % 3 === 0);
    let crashes = 0;
    let halfWritten = 0;
    for (let round = 0; round < 500; round++) {
      const more = await advancePipelineRollup({ models: crashing, tenantId, workflowKey: 'standard_trunk', pageSize: 4, settleMs: 0 }).catch(() => {
        crashes += 1;
        return true;
      });
      // A page written and not yet in every month (the report adds it to those that lack it): reports are exact.
      if (await pageNotInEveryMonth(models, tenantId)) {
        halfWritten += 1;
        await expectEqualOverMonths(models, tenantId);
      }
      if (!more) break;
    }
    expect(crashes).toBeGreaterThan(5);
    expect(halfWritten).toBeGreaterThan(0);
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.events).toBe(60);
    expect(await wonByMonth(models, tenantId)).toEqual(await wonRecordsByMonth(models, tenantId));
    await expectEqualOverMonths(models, tenantId);
  });

  it('adds each page to each month once when processes advance it at the same time, crashing now and then', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    await recordsWonOverMonths(models, tenantId, 60);
    const target = { tenantId, workflowKey: 'standard_trunk', pageSize: 3, settleMs: 0 };
    // Four at once, round after round; one of them dies at every fifth of its writes.
    const crashing = crashingModels(models, (write) => write % 5 === 0);
    for (;;) {
      const more = await Promise.all([
        advancePipelineRollup({ ...target, models: crashing }).catch(() => true),
        ...Array.from({ length: 3 }, () => advancePipelineRollup({ ...target, models })),
      ]);
      if (!more.includes(true)) break;
    }
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.events).toBe(60);
    expect(await wonByMonth(models, tenantId)).toEqual(await wonRecordsByMonth(models, tenantId));
    await expectEqualOverMonths(models, tenantId);
  });

  it('moves the won rows by day of a rollup of before (one document) to month documents in the next round', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    await recordsWonOverMonths(models, tenantId, 45);
    const target = { models, tenantId, workflowKey: 'standard_trunk', settleMs: 0 };
    while (await advancePipelineRollup(target));
    // As the rollup was stored before: every won row by day in `wonDays`, no months, no generation, no page.
    const months = await models.PipelineWonMonth.find({ tenantId }).lean();
    const wonDays = months.flatMap((month) => JSON.parse(month.rows) as unknown[]);
    await models.PipelineWonMonth.deleteMany({ tenantId });
    await models.PipelineRollup.updateOne({ tenantId }, { $set: { wonDays: JSON.stringify(wonDays) }, $unset: { generation: '', wonPage: '' } });
    const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {} };
    // Until the next round: without a period from the rollup, over one the `$group` (null here).
    expect(rounded(await pipelineFromRollup(scoped))).toEqual(rounded(await pipelineAggregation(scoped)));
    expect(await pipelineFromRollup({ ...scoped, period: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 5, 1) } })).toBeNull();
    // Two processes migrating at once: one generation wins, the other's months are never read.
    await Promise.all([advancePipelineRollup(target), advancePipelineRollup(target)]);
    const rollup = await models.PipelineRollup.findOne({ tenantId }).lean();
    expect(rollup?.wonDays).toBeUndefined();
    const named = await models.PipelineWonMonth.find({ tenantId, _id: { $regex: `:${rollup?.generation}:` } }).lean();
    expect(named.map((month) => month.month).sort()).toEqual(Object.keys(await wonRecordsByMonth(models, tenantId)).sort());
    await expectEqualOverMonths(models, tenantId);
  });

  it('reads a bounded number of month documents over the widest periods, and answers as the $group', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    await recordsWonOverMonths(models, tenantId, 30);
    // Won on days the month documents' ids cannot name with four-digit years: before the year 0000 and after 9999.
    await wonRecordClosedAt(models, tenantId, 'early', Date.parse('-000001-06-15T12:00:00Z'));
    await wonRecordClosedAt(models, tenantId, 'late', Date.parse('+010000-06-15T12:00:00Z'));
    await wonRecordClosedAt(models, tenantId, 'first', Date.parse('0000-01-01T12:00:00Z'));
    await wonRecordClosedAt(models, tenantId, 'last', Date.parse('9999-12-31T12:00:00Z'));
    while (await advancePipelineRollup({ models, tenantId, workflowKey: 'standard_trunk', pageSize: 7, settleMs: 0 }));
    const stored = await models.PipelineWonMonth.countDocuments({ tenantId });
    const periods = [
      // The years 0000 to 9999; the widest the api's DateTime takes (offsets of ±23:59); every instant of a JS Date.
      { from: Date.parse('0000-01-01T00:00:00Z'), to: Date.parse('9999-12-31T00:00:00Z') },
      { from: Date.parse('0000-01-01T00:00:00+23:59'), to: Date.parse('9999-12-31T23:59:59.999-23:59') },
      { from: -8.64e15, to: 8.64e15 },
    ];
    for (const period of periods) {
      const reads: MonthRead[] = [];
      const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {}, period };
      const noted = monthReadsNoted(models, reads);
      const fromRollup = await pipelineFromRollup({ ...scoped, models: noted });
      expect(fromRollup, JSON.stringify(period)).not.toBeNull();
      expect(rounded(fromRollup), JSON.stringify(period)).toEqual(rounded(await pipelineAggregation(scoped)));
      // The months' revisions by one range, then the rows of those this api has not parsed, by id.
      expect(reads.length).toBe(2);
      expect(reads[0]?.documents).toBeLessThanOrEqual(stored);
      expect(reads[0]?.filterChars).toBeLessThan(500);
      expect(reads[1]?.documents).toBe(reads[0]?.documents);
      // Asked again, the same api reads the revisions only: it has parsed those rows.
      expect(rounded(await pipelineFromRollup({ ...scoped, models: noted }))).toEqual(rounded(fromRollup));
      expect(reads.length).toBe(3);
    }
  });

  it('adds a page to a month once when a process read the month at an old rev and writes after another wrote two pages to it', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    const target = { models, tenantId, workflowKey: 'standard_trunk', pageSize: 2, settleMs: 0 };
    // Every won record closes in March 2026: every page touches that month. Two of them summed, the month exists.
    const won = (i: number) => wonRecordClosedAt(models, tenantId, `x${i}`, Date.UTC(2026, 2, 2 + i, 10));
    for (let i = 0; i < 2; i++) await won(i);
    while (await advancePipelineRollup(target));
    for (let i = 2; i < 8; i++) await won(i);
    // The first process writes a page, reads March (without it) and stops there.
    let paused = () => {};
    const reached = new Promise<void>((resolve) => {
      paused = resolve;
    });
    let resume = () => {};
    const resumed = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const first = advancePipelineRollup({ ...target, models: pausedAfterRollupWrite(models, paused, resumed) });
    await reached;
    const rev = (await models.PipelineRollup.findOne({ tenantId }).lean())?.rev as number;
    // Another adds that page to March, then writes two pages more, each added to March.
    while (await advancePipelineRollup(target));
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.rev).toBe(rev + 2);
    expect((await models.PipelineWonMonth.findOne({ tenantId, month: '2026-03' }).lean())?.rev).toBe(rev + 2);
    // The first goes on with the month as it read it: its write must not land.
    resume();
    await first;
    while (await advancePipelineRollup(target));
    expect(await wonByMonth(models, tenantId)).toEqual({ '2026-03': 8 });
    await expectEqualOverMonths(models, tenantId);
  });

  it('reads the rollup and its months again when a page lands between the two reads of a report', async () => {
    const { models } = store;
    tenantNumber += 1;
    const tenantId = `rollup-${tenantNumber}`;
    const target = { models, tenantId, workflowKey: 'standard_trunk', settleMs: 0 };
    await recordsWonOverMonths(models, tenantId, 30);
    while (await advancePipelineRollup(target));
    // Wins logged and not yet summed: the report reads the rollup, then the pages land, then it reads the months.
    for (let i = 0; i < 4; i++) await wonRecordClosedAt(models, tenantId, `late${i}`, Date.UTC(2026, 1, 10 + i, 10));
    const revBefore = (await models.PipelineRollup.findOne({ tenantId }).lean())?.rev as number;
    let landed = false;
    const landOnce = async () => {
      if (landed) return;
      landed = true;
      while (await advancePipelineRollup(target));
    };
    const reads: MonthRead[] = [];
    const period = { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 5, 1) };
    const scoped = { models, tenantId, workflowKey: 'standard_trunk', workflow: { definition }, managers: {}, period };
    const fromRollup = await pipelineFromRollup({ ...scoped, models: monthReadsNoted(models, reads, landOnce) });
    expect((await models.PipelineRollup.findOne({ tenantId }).lean())?.rev).toBeGreaterThan(revBefore);
    expect(rounded(fromRollup)).toEqual(rounded(await pipelineAggregation(scoped)));
    // The months' revisions (newer than the rollup read before the pages landed), then after reading the rollup again
    // the revisions and the rows.
    expect(reads.length).toBe(3);
  });
});

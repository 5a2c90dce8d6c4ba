import { describe, expect, it } from 'vitest';
import { applyTransition, compile, createRecord, DAY_MS, dayOf, type Decision, type FunnelEvent, type FunnelRecord } from '@funnel/engine';
import { getTemplate } from '@funnel/schemas';
import { markTouchedDays } from '../src/metrics/mark-touched-days';
import { buildMetricDay, markMetricDays, metricDayId, storedMetricDays } from '../src/metrics/metric-days';
import { outcomeStagesFrom } from '../src/metrics/outcome-stages';
import { wholeDays } from '../src/metrics/whole-days';
import type { EventDoc } from '../src/models/event';
import { embeddedStoreModels } from './embedded-store-models';
import { TenantBulkWriter, type TenantWrite } from '../src/models/tenant-bulk-writer';
import { OutboxDrainer, outboxEntries } from '../src/services/outbox-drainer';
import { TurnWrites } from '../src/services/turn-writes';
import { WorkflowCatalog } from '../src/services/workflow-catalog';

// The stored day summaries against the embedded store: what a build stores when builders' clocks differ, which days
// an event logged late marks, and that a hook that fails after the events are in the log leaves the marking to the
// repair scan.

const definition = getTemplate('standard_trunk').definition;
const compiled = compile(definition, { version: 1 });
if (!compiled.ok) throw new Error('the standard trunk does not compile');
const workflow = compiled.workflow;
const actor = { id: 'u1', roles: ['admin', 'manager', 'marketing', 'sales'] as ('admin' | 'manager' | 'marketing' | 'sales')[] };
const FIELDS = {
  name: 'Ada',
  phone: '+1 555 0100',
  email: 'ada@x.example',
  product: 'Seats',
  seats: 3,
  companyName: 'Acme',
  companyVerified: true,
  amount: 1000,
};
const HOUR_MS = 3_600_000;
/** Monday 5 January 2026. */
const DAY = dayOf(Date.UTC(2026, 0, 5));
const at = (day: number, hours: number) => day * DAY_MS + hours * HOUR_MS;

const store = embeddedStoreModels();
/** Writes to the test store, as the drain's turn sends them (one command per call here). */
const storeWriter = () => new TenantBulkWriter(store.models.Record.db.getClient(), store.models.Record.db.name);
let tenants = 0;

/** A tenant of its own with the standard trunk published (version 1). */
async function newTenant(): Promise<string> {
  const { models } = store;
  tenants += 1;
  const tenantId = String(tenants).padStart(24, '0');
  await models.Workflow.collection.insertOne({ _id: `${tenantId}-wf`, tenantId, key: definition.key, name: 'Trunk', latestVersion: 1 } as never);
  await models.WorkflowVersion.create({
    _id: `${tenantId}-v1`,
    tenantId,
    workflowKey: definition.key,
    version: 1,
    definition,
    publishedAt: new Date(),
    publishedBy: 'u1',
  });
  return tenantId;
}

/** The log documents of a decision's events, as the drainer writes them. */
function logged(tenantId: string, decision: Decision): EventDoc[] {
  if (decision.type !== 'applied') throw new Error(`refused: ${JSON.stringify(decision)}`);
  return outboxEntries(decision.record, decision.events).map(
    (entry, seq) => ({ ...entry.event, _id: entry._id, tenantId, workflowKey: definition.key, version: decision.record.version, seq }) as EventDoc,
  );
}

/** A record moved through `steps` (transition and hour of `DAY + day`), stored with its events in the log. */
async function seed(tenantId: string, id: string, steps: [transition: string, day: number, hours: number][]): Promise<FunnelRecord> {
  const { models } = store;
  const created = createRecord({ workflow, id, fields: FIELDS, actor, now: at(DAY, 9) });
  const events = logged(tenantId, created);
  let record = (created as Extract<Decision, { type: 'applied' }>).record;
  for (const [transition, day, hours] of steps) {
    const decision = applyTransition({ workflow, record, transition, actor, now: at(DAY + day, hours) });
    events.push(...logged(tenantId, decision));
    record = (decision as Extract<Decision, { type: 'applied' }>).record;
  }
  const { id: _id, ...state } = record;
  await models.Record.collection.insertOne({ ...state, _id, tenantId, hasExtension: false, outbox: [], contact: {} } as never);
  await models.Event.collection.insertMany(events as never[]);
  return record;
}

/** A `migrated` event of a record, as a migration run logs it. */
function migration(tenantId: string, record: FunnelRecord, input: { from: string; to: string; at: number }): EventDoc {
  const event: FunnelEvent = { type: 'migrated', at: input.at, actor: 'u1', recordId: record.id, fromVersion: 1, toVersion: 2, from: input.from, to: input.to };
  const [entry] = outboxEntries({ id: record.id, version: record.version + 1, owner: record.owner }, [event]);
  return { ...event, _id: entry?._id as string, tenantId, workflowKey: definition.key, version: record.version + 1, seq: 0 };
}

async function buildDays(tenantId: string, first: number, last: number): Promise<void> {
  const { models } = store;
  for (let day = first; day <= last; day++) expect(await buildMetricDay({ models, tenantId, workflowKey: definition.key, definition, day })).toBe(true);
}

async function storedDay(tenantId: string, day: number) {
  const { models } = store;
  return models.MetricDay.findOne({ tenantId, _id: metricDayId({ tenantId, workflowKey: definition.key, day }) }).lean();
}

describe('stored metric days', () => {
  it('keeps the further summary when a builder whose clock lags builds today after another', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    await seed(tenantId, 'r1', [
      ['qualify', 0, 10],
      ['accept', 0, 14],
    ]);
    const target = { models, tenantId, workflowKey: definition.key, definition, day: DAY };
    // One process's clock says 15:00, another's, a little behind, 12:00: the second builds after the first.
    expect(await buildMetricDay({ ...target, upTo: at(DAY, 15) })).toBe(true);
    const ahead = await storedDay(tenantId, DAY);
    expect(await buildMetricDay({ ...target, upTo: at(DAY, 12) })).toBe(true);
    const after = await storedDay(tenantId, DAY);
    expect(after?.through).toBe(at(DAY, 15));
    expect(after?.summary).toBe(ahead?.summary);
  });

  it('marks the days of a migration into or out of a closing stage, and not the earlier migration days of a record that stays open', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    const open = await seed(tenantId, 'open', [
      ['qualify', 0, 10],
      ['accept', 0, 11],
    ]);
    const won = await seed(tenantId, 'won', [
      ['qualify', 0, 10],
      ['accept', 0, 11],
      ['create_opportunity', 0, 12],
      ['start_trial', 0, 13],
      ['negotiate', 0, 14],
      ['win', 1, 10],
    ]);
    // An earlier migration of the open record, on the first day; then the days are built.
    await models.Event.collection.insertOne(migration(tenantId, open, { from: 'sql', to: 'sql', at: at(DAY, 20) }) as never);
    await buildDays(tenantId, DAY, DAY + 3);
    const outcomeStages = outcomeStagesFrom({ workflows: new WorkflowCatalog(models), ttlMs: 1000 });
    const dirty = async () => (await Promise.all([0, 1, 2, 3].map((d) => storedDay(tenantId, DAY + d)))).map((d) => d?.dirty);

    // A later migration of the open record that leaves it open changes no closing: only its own day is marked.
    await markTouchedDays({
      models,
      outcomeStages,
      events: [migration(tenantId, open, { from: 'sql', to: 'sql', at: at(DAY + 3, 9) })],
      writer: storeWriter(),
    });
    expect(await dirty()).toEqual([false, false, false, true]);

    // A migration of the won record from its closing stage may move its closing: its closing day is marked too.
    await markTouchedDays({ models, outcomeStages, events: [migration(tenantId, won, { from: 'won', to: 'won', at: at(DAY + 2, 9) })], writer: storeWriter() });
    expect(await dirty()).toEqual([false, true, true, true]);
  });

  it("sends the drain's marks with its turn's other writes (TurnWrites)", async () => {
    const { models } = store;
    const tenantId = await newTenant();
    await seed(tenantId, 'turn', [['qualify', 1, 10]]);
    await buildDays(tenantId, DAY, DAY + 1);
    const real = new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name);
    const commands: string[][] = [];
    const turn = new TurnWrites({
      write: (writes: TenantWrite[]) => {
        commands.push(writes.map((write) => write.collection));
        return real.write(writes);
      },
    } as TenantBulkWriter);
    // A late event of DAY + 1 marks that day, in one command with another request's record insert.
    const marks = new Map([[metricDayId({ tenantId, workflowKey: definition.key, day: DAY + 1 }), at(DAY + 1, 20)]]);
    const [, inserted] = await Promise.all([
      markMetricDays({ models, tenantId, marks, writer: turn }),
      turn.load({ type: 'insert', collection: models.Record.collection.collectionName, tenantId, document: { _id: 'turn-other', version: 1 } }),
    ]);
    expect(commands).toEqual([[models.MetricDay.collection.collectionName, models.Record.collection.collectionName]]);
    expect(inserted).toEqual({ ok: true, n: 1 });
    expect((await storedDay(tenantId, DAY + 1))?.dirty).toBe(true);
    expect((await storedDay(tenantId, DAY))?.dirty).toBe(false);
  });

  it('marks every day of a record whose events were logged without an owner when its owner changes, and only the day of one whose events carry it', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    const legacy = await seed(tenantId, 'legacy', [['qualify', 1, 10]]);
    const stamped = await seed(tenantId, 'stamped', [['qualify', 2, 10]]);
    // Logged before the log stamped owners: these events count under the record's owner now.
    await models.Event.updateMany({ tenantId, recordId: legacy.id }, { $unset: { owner: '' } });
    await buildDays(tenantId, DAY, DAY + 3);
    const outcomeStages = outcomeStagesFrom({ workflows: new WorkflowCatalog(models), ttlMs: 1000 });
    const dirty = async () => (await Promise.all([0, 1, 2, 3].map((d) => storedDay(tenantId, DAY + d)))).map((d) => d?.dirty);
    const ownerChanged = (record: FunnelRecord): EventDoc => {
      const event: FunnelEvent = { type: 'owner_changed', at: at(DAY + 3, 9), actor: 'u1', recordId: record.id, from: record.owner, to: 'u2' };
      const [entry] = outboxEntries({ id: record.id, version: record.version + 1, owner: 'u2' }, [event]);
      return { ...event, _id: entry?._id as string, tenantId, workflowKey: definition.key, version: record.version + 1, seq: 0 };
    };

    await markTouchedDays({ models, outcomeStages, events: [ownerChanged(stamped)], writer: storeWriter() });
    expect(await dirty()).toEqual([false, false, false, true]);

    await markTouchedDays({ models, outcomeStages, events: [ownerChanged(legacy)], writer: storeWriter() });
    expect(await dirty()).toEqual([true, true, false, true]);
  });

  it('marks every day of a record whose lead source changes (time to first touch by source reads it), and only the day of another change', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    const lead = await seed(tenantId, 'lead', [['qualify', 1, 10]]);
    await buildDays(tenantId, DAY, DAY + 3);
    const outcomeStages = outcomeStagesFrom({ workflows: new WorkflowCatalog(models), ttlMs: 1000 });
    const dirty = async () => (await Promise.all([0, 1, 2, 3].map((d) => storedDay(tenantId, DAY + d)))).map((d) => d?.dirty);
    const updated = (changed: string[], version: number): EventDoc => {
      const event: FunnelEvent = { type: 'fields_updated', at: at(DAY + 3, 9), actor: 'u1', recordId: lead.id, changed };
      const [entry] = outboxEntries({ id: lead.id, version, owner: lead.owner }, [event]);
      return { ...event, _id: entry?._id as string, tenantId, workflowKey: definition.key, version, seq: 0 };
    };

    await markTouchedDays({ models, outcomeStages, events: [updated(['phone'], lead.version + 1)], writer: storeWriter() });
    expect(await dirty()).toEqual([false, false, false, true]);

    await markTouchedDays({ models, outcomeStages, events: [updated(['source'], lead.version + 2)], writer: storeWriter() });
    expect(await dirty()).toEqual([true, true, false, true]);
  });

  it('marks the day of a late event through the repair scan when the hook failed after the insert', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    const record = await seed(tenantId, 'late', [['qualify', 0, 10]]);
    await buildDays(tenantId, DAY, DAY);
    const outcomeStages = outcomeStagesFrom({ workflows: new WorkflowCatalog(models), ttlMs: 1000 });
    const lines: string[] = [];
    let failures = 1;
    const drainer = new OutboxDrainer({
      models,
      writer: new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name),
      onDrained: () => undefined,
      onLogged: async (events) => {
        if (failures-- > 0) throw new Error('the store went away after the insert');
        await markTouchedDays({ models, outcomeStages, events, writer: storeWriter() });
      },
      log: (line) => lines.push(line),
      timing: { drainGatherMs: 0, outboxClearDelayMs: 0, eventFeedSettleMs: 0 },
    });
    // A backdated change into the built day: the record is written with the event in its outbox, then drained.
    const decision = applyTransition({ workflow, record, transition: 'accept', actor, now: at(DAY, 15) });
    if (decision.type !== 'applied') throw new Error('accept refused');
    const entries = outboxEntries(decision.record, decision.events);
    await models.Record.updateOne({ tenantId, _id: record.id }, { $set: { stage: 'sql', version: decision.record.version, outbox: entries } });
    drainer.enqueue({ tenantId, recordId: record.id, workflowKey: definition.key, version: decision.record.version, entries });
    await drainer.flush();

    // The event is in the log, the day is not marked, and the outbox stays on the record for the repair scan.
    expect(lines.join('\n')).toMatch(/outbox drain failed for 1 records: the store went away after the insert/);
    expect(await models.Event.countDocuments({ tenantId, _id: entries[0]?._id })).toBe(1);
    expect((await storedDay(tenantId, DAY))?.dirty).toBe(false);
    expect((await models.Record.findOne({ tenantId, _id: record.id }).lean())?.outbox).toHaveLength(1);

    expect(await drainer.repair(tenantId)).toBe(1);
    await drainer.flush();
    expect((await storedDay(tenantId, DAY))?.dirty).toBe(true);
    expect((await models.Record.findOne({ tenantId, _id: record.id }).lean())?.outbox).toEqual([]);
  });

  it('parses a stored day once per build: later reports share the frozen summary, a day built again is read again', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    await seed(tenantId, 'parsed-once', [
      ['qualify', 1, 10],
      ['accept', 2, 11],
    ]);
    await buildDays(tenantId, DAY, DAY + 2);
    const target = { models, tenantId, workflowKey: definition.key, definition, first: DAY, last: DAY + 2 };
    // A filtered read parses the slices, not the summary, before and after the unfiltered one: each is its own text.
    const keepAll = { ...target, keep: () => true };
    const slicedBefore = await storedMetricDays(keepAll);
    const first = await storedMetricDays(target);
    const slicedAfter = await storedMetricDays(keepAll);
    for (const day of [DAY, DAY + 1, DAY + 2]) {
      expect(slicedBefore.get(day)?.summary).toEqual(first.get(day)?.summary);
      expect(slicedAfter.get(day)?.summary).toEqual(first.get(day)?.summary);
    }
    const noneKept = await storedMetricDays({ ...target, keep: () => false });
    expect(noneKept.get(DAY + 1)?.summary.entries).toEqual({});
    expect(first.get(DAY + 1)?.summary.entries.mql?.n).toBe(1);
    const again = await storedMetricDays(target);
    expect([...again.keys()]).toEqual([DAY, DAY + 1, DAY + 2]);
    for (const day of [DAY, DAY + 1, DAY + 2]) expect(again.get(day)?.summary).toBe(first.get(day)?.summary);
    const shared = first.get(DAY + 1)?.summary;
    expect(Object.isFrozen(shared?.entries)).toBe(true);
    expect(() => {
      (shared as { created: number }).created += 1;
    }).toThrow(TypeError);
    // A late event marks DAY + 1: it is left out until built again, then read again, with the event in it.
    await seed(tenantId, 'parsed-late', [['qualify', 1, 20]]);
    await markMetricDays({
      models,
      tenantId,
      marks: new Map([[metricDayId({ tenantId, workflowKey: definition.key, day: DAY + 1 }), at(DAY + 1, 20)]]),
      writer: storeWriter(),
    });
    expect([...(await storedMetricDays(target)).keys()]).toEqual([DAY, DAY + 2]);
    await buildDays(tenantId, DAY + 1, DAY + 1);
    const rebuilt = (await storedMetricDays(target)).get(DAY + 1)?.summary;
    expect(rebuilt).not.toBe(shared);
    expect(rebuilt?.entries.mql?.n).toBe((shared?.entries.mql?.n ?? 0) + 1);
  });

  it('reads the days without a stored summary from the log one day at a time, and only the days with data', async () => {
    const { models } = store;
    const tenantId = await newTenant();
    await seed(tenantId, 'slow', [
      ['qualify', 2, 10],
      ['accept', 5, 11],
    ]);
    await buildDays(tenantId, DAY + 2, DAY + 2);
    const target = { models, tenantId, workflowKey: definition.key, definition };
    const dayOfPart = (part: { range: { from: number; to: number } }) => [dayOf(part.range.from), dayOf(part.range.to - 1)];
    // A period of ten days, and all time: the data runs from DAY to DAY + 5; DAY + 2 is stored, the rest is not built.
    const period = await wholeDays({ ...target, days: { first: DAY - 2, last: DAY + 7 } });
    expect(period.map(dayOfPart)).toEqual([0, 1, 2, 3, 4, 5].map((d) => [DAY + d, DAY + d]));
    expect((await wholeDays(target)).map(dayOfPart)).toEqual(period.map(dayOfPart));
  });
});

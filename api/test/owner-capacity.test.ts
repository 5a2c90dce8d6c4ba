import type { FunnelRecord } from '@funnel/engine';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { describe, expect, it } from 'vitest';
import { CapacityPlaces } from '../src/services/capacity-places';
import { CapacityRecount } from '../src/services/capacity-recount';
import { DUPLICATE_KEY } from '../src/models/duplicate-key';
import type { Models } from '../src/models/models';
import { TenantBulkWriter, type TenantWrite } from '../src/models/tenant-bulk-writer';
import { OwnerCapacity, takeTickets } from '../src/services/owner-capacity';
import { TurnWrites } from '../src/services/turn-writes';
import { WorkflowCatalog } from '../src/services/workflow-catalog';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();
const tenantId = 'tenant-capacity';

describe('capacity places in the store', () => {
  it('never lets 60 racing takes for 30 records put a person above 20, and a repeat take of a held record is free', async () => {
    const capacity = new OwnerCapacity(store.models);
    const load = { tenantId, workflowKey: 'deals', userId: 'u1' };
    const records = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const outcomes = await Promise.all([...records, ...records].map((recordId) => capacity.take({ ...load, recordId, version: 1, max: 20 })));
    const held = await capacity.held(load);
    expect(held.length).toBe(20);
    expect(new Set(held).size).toBe(20);
    // Every record that holds a place was told so (both of its takes), and every refusal says the owner is full.
    for (const [i, outcome] of outcomes.entries()) {
      const recordId = [...records, ...records][i] as string;
      expect(outcome.ok).toBe(held.includes(recordId));
      if (!outcome.ok) expect(outcome.current).toBe(20);
    }
    expect(await capacity.take({ ...load, recordId: held[0] as string, version: 1, max: 20 })).toEqual({ ok: true });
    await capacity.give({ ...load, recordId: held[0] as string, upTo: 1 });
    expect(await capacity.take({ ...load, recordId: 'newcomer', version: 1, max: 20 })).toEqual({ ok: true });
    expect((await capacity.loads({ tenantId, workflowKey: 'deals', userIds: ['u1', 'u2'] })).get('u1')).toBe(20);
  });

  it("gives a person's first place to the take that lost the race to create their places (MongoDB's duplicate key on the upsert)", async () => {
    const load = { tenantId, workflowKey: 'first-race', userId: 'u1' };
    const real = store.models.OwnerLoad;
    // What MongoDB answers the loser when two processes upsert a person's missing document at once: the winner's
    // insert lands, the loser's collides with it (the embedded store runs one command at a time, so it never does).
    let raced = false;
    const racingUpdateOne = async (...args: Parameters<typeof real.updateOne>) => {
      if (!raced) {
        raced = true;
        await real.collection.insertOne({ _id: `${tenantId}:first-race:u1`, ...load, records: ['won-the-race'] } as never);
        throw Object.assign(new Error('E11000 duplicate key error collection: ownerLoads index: _id_'), { code: DUPLICATE_KEY });
      }
      return real.updateOne(...args);
    };
    const OwnerLoad = new Proxy(real, {
      get: (target, property) => (property === 'updateOne' ? racingUpdateOne : Reflect.get(target, property)),
    });
    const capacity = new OwnerCapacity({ ...store.models, OwnerLoad } as Models);
    expect(await capacity.take({ ...load, recordId: 'lost-the-race', version: 1, max: 20 })).toEqual({ ok: true });
    expect((await capacity.held(load)).sort()).toEqual(['lost-the-race', 'won-the-race']);
    expect(raced).toBe(true);
  });

  it("refuses a full person with one write once their places are known to exist, and still creates a person's first places", async () => {
    const real = store.models.OwnerLoad;
    const writes: { upsert: boolean }[] = [];
    const OwnerLoad = new Proxy(real, {
      get: (target, property) =>
        property === 'updateOne'
          ? (...args: Parameters<typeof real.updateOne>) => {
              writes.push({ upsert: (args[2] as { upsert?: boolean } | undefined)?.upsert === true });
              return real.updateOne(...args);
            }
          : Reflect.get(target, property),
    });
    const capacity = new OwnerCapacity({ ...store.models, OwnerLoad } as Models);
    const load = { tenantId, workflowKey: 'one-write', userId: 'u1' };
    expect(await capacity.tryTake({ ...load, recordId: 'r1', version: 1, max: 2 })).toBe(true);
    expect(await capacity.tryTake({ ...load, recordId: 'r2', version: 1, max: 2 })).toBe(true);
    writes.length = 0;
    // Full: refused, in one write (an upsert would collide with the document and be sent again).
    expect(await capacity.tryTake({ ...load, recordId: 'r3', version: 1, max: 2 })).toBe(false);
    expect(writes).toEqual([{ upsert: false }]);
    expect((await capacity.held(load)).sort()).toEqual(['r1', 'r2']);
    // Someone this process never took a place of: their document is made by the take.
    writes.length = 0;
    expect(await capacity.tryTake({ ...load, userId: 'u2', recordId: 'r4', version: 1, max: 2 })).toBe(true);
    expect(writes).toEqual([{ upsert: true }]);
    expect(await capacity.held({ ...load, userId: 'u2' })).toEqual(['r4']);
  });

  it("takes a place again once a person's document this process knew was wiped, for a take and for a system change", async () => {
    const real = new TenantBulkWriter(store.models.Record.db.getClient(), store.models.Record.db.name);
    const capacity = new OwnerCapacity(store.models, new TurnWrites(real));
    const load = { tenantId, workflowKey: 'wiped', userId: 'u1' };
    expect(await capacity.tryTake({ ...load, recordId: 'r1', version: 1, max: 2 })).toBe(true);
    await store.models.OwnerLoad.deleteMany({ tenantId, workflowKey: 'wiped' });
    // Refused at 0 of 2 would be a lie: the take goes through the upsert again.
    expect(await capacity.take({ ...load, recordId: 'r2', version: 1, max: 2 })).toEqual({ ok: true });
    expect(await capacity.held(load)).toEqual(['r2']);
    await store.models.OwnerLoad.deleteMany({ tenantId, workflowKey: 'wiped' });
    // A system change (no maximum) is never refused.
    expect(await capacity.tryTake({ ...load, recordId: 'r3', version: 1, max: Number.MAX_SAFE_INTEGER })).toBe(true);
    expect(await capacity.held(load)).toEqual(['r3']);
  });

  /** Turn writes over the test store that note each command's writes (their collections). */
  function countedTurn(): { turn: TurnWrites; commands: string[][] } {
    const real = new TenantBulkWriter(store.models.Record.db.getClient(), store.models.Record.db.name);
    const commands: string[][] = [];
    const writer = {
      write: (writes: TenantWrite[]) => {
        commands.push(writes.map((write) => write.collection));
        return real.write(writes);
      },
    } as TenantBulkWriter;
    return { turn: new TurnWrites(writer), commands };
  }

  it('sends the takes of one turn as one bulk write, and still never puts anyone above the maximum', async () => {
    const { turn, commands } = countedTurn();
    const capacity = new OwnerCapacity(store.models, turn);
    const load = { tenantId, workflowKey: 'one-turn', userId: 'u1' };
    // The person's first take makes their document (an upsert of its own); the later ones know it exists.
    expect(await capacity.tryTake({ ...load, recordId: 'r0', version: 1, max: 20 })).toBe(true);
    const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => capacity.tryTake({ ...load, recordId: `r${i + 1}`, version: 1, max: 20 })));
    expect(commands.map((writes) => writes.length)).toEqual([30]);
    expect(taken.filter(Boolean)).toHaveLength(19);
    expect(await capacity.held(load)).toHaveLength(20);
    // A record holding a place takes it again, in the next turn's command.
    expect(await capacity.tryTake({ ...load, recordId: 'r0', version: 2, max: 20 })).toBe(true);
    expect(commands.map((writes) => writes.length)).toEqual([30, 1]);
  });

  it("sends a turn's takes in the same command as the turn's other writes (another request's record insert)", async () => {
    const { turn, commands } = countedTurn();
    const capacity = new OwnerCapacity(store.models, turn);
    const load = { tenantId, workflowKey: 'shared-turn', userId: 'u1' };
    expect(await capacity.tryTake({ ...load, recordId: 'r0', version: 1, max: 2 })).toBe(true);
    const records = store.models.Record.collection.collectionName;
    /** A take and another request's record insert in one turn: the take's answer, once both went as one command. */
    const takeBeside = async (recordId: string, otherId: string): Promise<boolean> => {
      commands.length = 0;
      const [taken, inserted] = await Promise.all([
        capacity.tryTake({ ...load, recordId, version: 1, max: 2 }),
        turn.load({ type: 'insert', collection: records, tenantId, document: { _id: otherId, version: 1 } }),
      ]);
      expect(commands).toEqual([[store.models.OwnerLoad.collection.collectionName, records]]);
      expect(inserted).toEqual({ ok: true, n: 1 });
      return taken;
    };
    expect(await takeBeside('r1', 'shared-turn-r9')).toBe(true);
    // Full: the next take is refused by its own conditional update, also in a command with another write that applies.
    expect(await takeBeside('r2', 'shared-turn-r10')).toBe(false);
    expect((await capacity.held(load)).sort()).toEqual(['r0', 'r1']);
  });

  it('hands out every assignment number once, whoever asks at the same time', async () => {
    const taken = await Promise.all(
      Array.from({ length: 50 }, (_, i) => takeTickets(store.models, { tenantId, workflowKey: 'deals', ruleKey: 'rr', count: (i % 3) + 1 })),
    );
    const numbers = taken.flatMap((first, i) => Array.from({ length: (i % 3) + 1 }, (_, k) => first + k));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.min(...numbers)).toBe(0);
    expect(Math.max(...numbers)).toBe(numbers.length - 1);
  });

  describe('kept in step with commits', () => {
    /** The standard trunk capped at 2 open records per owner, published as version 1 of `capped` in the store. */
    async function capped(): Promise<{ catalog: WorkflowCatalog; capacity: OwnerCapacity; places: CapacityPlaces }> {
      const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
      definition.key = 'capped';
      definition.assignment = { ...(definition.assignment as NonNullable<WorkflowDefinition['assignment']>), capacity: { max: 2 } };
      await store.models.WorkflowVersion.updateOne(
        { tenantId, _id: `${tenantId}:capped:1` },
        { $setOnInsert: { workflowKey: 'capped', version: 1, definition, publishedAt: new Date(), publishedBy: 'test' } },
        { upsert: true },
      );
      const catalog = new WorkflowCatalog(store.models);
      const capacity = new OwnerCapacity(store.models);
      return { catalog, capacity, places: new CapacityPlaces(capacity, catalog) };
    }
    const record = (id: string, owner: string | null, stage = 'lead', version = 1) =>
      ({ id, owner, stage, workflowKey: 'capped', workflowVersion: 1, version }) as unknown as FunnelRecord;
    const load = (userId: string) => ({ tenantId, workflowKey: 'capped', userId });

    it('gives back, after a lost write, only a place it added that the record as it is now does not need', async () => {
      const { capacity, places } = await capped();
      // Two racing commits give r1 to u7; one wins. The loser added the place; the record now needs it: kept.
      const first = await places.hold({
        tenantId,
        before: record('r1', null),
        after: record('r1', 'u7'),
        system: false,
        current: async () => record('r1', 'u7'),
      });
      const second = await places.hold({
        tenantId,
        before: record('r1', null),
        after: record('r1', 'u7'),
        system: false,
        current: async () => record('r1', 'u7'),
      });
      await second(true);
      await first(false);
      expect(await capacity.held(load('u7'))).toEqual(['r1']);
      // A lost write whose record went elsewhere meanwhile gives its place back.
      const lost = await places.hold({
        tenantId,
        before: record('r2', null),
        after: record('r2', 'u7'),
        system: false,
        current: async () => record('r2', 'u8'),
      });
      expect(await capacity.held(load('u7'))).toEqual(['r1', 'r2']);
      await lost(false);
      expect(await capacity.held(load('u7'))).toEqual(['r1']);
      // A committed move out of the counted stages gives the old place back; a third record for a full owner is refused.
      await (await places.hold({ tenantId, before: record('r3', null), after: record('r3', 'u7'), system: false, current: async () => null }))(true);
      await expect(
        places.hold({ tenantId, before: record('r4', null), after: record('r4', 'u7'), system: false, current: async () => null }),
      ).rejects.toMatchObject({
        extensions: { code: 'LIMIT_REACHED' },
        limit: 'capacity',
        max: 2,
        current: 2,
      });
      await (await places.hold({ tenantId, before: record('r1', 'u7'), after: record('r1', 'u7', 'won'), system: false, current: async () => null }))(true);
      expect(await capacity.held(load('u7'))).toEqual(['r3']);
    });

    it("never gives back a place a later commit took again: an earlier state's give-back or a lost write's leaves it", async () => {
      const { capacity, places } = await capped();
      // r5 is u6's at version 1. W1 sends it to the pool (v2) and commits; before W1 gives u6's place back, W2 gives the
      // record to u6 again (v3): its take finds the place held and tags it 3. W1's give-back, of version 1, leaves it.
      await (await places.hold({ tenantId, before: null, after: record('r5', 'u6'), system: false, current: async () => null }))(true);
      const w1 = await places.hold({ tenantId, before: record('r5', 'u6'), after: record('r5', null, 'pool', 2), system: false, current: async () => null });
      const w2 = await places.hold({
        tenantId,
        before: record('r5', null, 'pool', 2),
        after: record('r5', 'u6', 'lead', 3),
        system: false,
        current: async () => null,
      });
      await w2(true);
      await w1(true);
      expect(await capacity.held(load('u6'))).toEqual(['r5']);
      // A lost write (pool → u6 at v4, beaten by pool → u5) whose give-back comes after a third write gave r5 back to u6
      // at v5: the place tagged 5 stays.
      const lost = await places.hold({
        tenantId,
        before: record('r5', null, 'pool', 3),
        after: record('r5', 'u6', 'lead', 4),
        system: false,
        current: async () => record('r5', 'u5', 'lead', 4),
      });
      await capacity.take({ ...load('u6'), recordId: 'r5', version: 5, max: 2 });
      await lost(false);
      expect(await capacity.held(load('u6'))).toEqual(['r5']);
    });

    it('recounts: a place no record needs goes at the second recount that finds it so, a needed one stays', async () => {
      const { capacity, catalog } = await capped();
      await store.models.Record.collection.insertOne({
        _id: 'kept',
        tenantId,
        owner: 'u9',
        stage: 'lead',
        workflowKey: 'capped',
        workflowVersion: 1,
        version: 1,
      } as never);
      for (const recordId of ['kept', 'gone']) await capacity.take({ ...load('u9'), recordId, version: 1, max: 2 });
      const recount = new CapacityRecount(store.models, capacity, catalog);
      expect(await recount.run()).toBe(0);
      expect(await capacity.held(load('u9'))).toEqual(['kept', 'gone']);
      // The store's other places of this file's tests have no records at all: they go too.
      expect(await recount.run()).toBeGreaterThanOrEqual(1);
      expect(await capacity.held(load('u9'))).toEqual(['kept']);
      expect(await capacity.held({ tenantId, workflowKey: 'deals', userId: 'u1' })).toEqual([]);
    });
  });
});

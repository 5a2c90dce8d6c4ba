import { describe, expect, it } from 'vitest';
import { DUPLICATE_KEY } from '../src/models/duplicate-key';
import type { Models } from '../src/models/models';
import { OwnerCapacity, takeTickets } from '../src/services/owner-capacity';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();
const tenantId = 'tenant-capacity';

describe('capacity places in the store', () => {
  it('never lets 60 racing takes for 30 records put a person above 20, and a repeat take of a held record is free', async () => {
    const capacity = new OwnerCapacity(store.models);
    const load = { tenantId, workflowKey: 'deals', userId: 'u1' };
    const records = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const outcomes = await Promise.all([...records, ...records].map((recordId) => capacity.take({ ...load, recordId, max: 20 })));
    const held = await capacity.held(load);
    expect(held.length).toBe(20);
    expect(new Set(held).size).toBe(20);
    // Every record that holds a place was told so (both of its takes), and every refusal says the owner is full.
    for (const [i, outcome] of outcomes.entries()) {
      const recordId = [...records, ...records][i] as string;
      expect(outcome.ok).toBe(held.includes(recordId));
      if (!outcome.ok) expect(outcome.current).toBe(20);
    }
    expect(await capacity.take({ ...load, recordId: held[0] as string, max: 20 })).toEqual({ ok: true });
    await capacity.give({ ...load, recordId: held[0] as string });
    expect(await capacity.take({ ...load, recordId: 'newcomer', max: 20 })).toEqual({ ok: true });
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
    expect(await capacity.take({ ...load, recordId: 'lost-the-race', max: 20 })).toEqual({ ok: true });
    expect((await capacity.held(load)).sort()).toEqual(['lost-the-race', 'won-the-race']);
    expect(raced).toBe(true);
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
});

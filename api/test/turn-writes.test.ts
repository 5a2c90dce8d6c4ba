import { expect, it } from 'vitest';
import { TenantBulkWriter, type TenantWrite } from '../src/models/tenant-bulk-writer';
import { TurnWrites } from '../src/services/turn-writes';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();

/** Turn writes over the test store, and the commands (their writes' collections) they sent. */
function counted(): { turn: TurnWrites; commands: string[][] } {
  const { models } = store;
  const real = new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name);
  const commands: string[][] = [];
  const writer = {
    write: (writes: TenantWrite[]) => {
      commands.push(writes.map((write) => write.collection));
      return real.write(writes);
    },
  } as TenantBulkWriter;
  return { turn: new TurnWrites(writer), commands };
}

it("sends a record's insert and a drain's event insert and outbox clear of one turn as one command, each with its own outcome", async () => {
  const { turn, commands } = counted();
  const tenantId = 'turn-1';
  const [inserted, [logged, cleared]] = await Promise.all([
    turn.load({ type: 'insert', collection: 'records', tenantId, document: { _id: 'r-new', version: 1, outbox: [] } }),
    turn.write([
      { type: 'insert', collection: 'events', tenantId, document: { _id: 'r-old:0000000001:0000', recordId: 'r-old', type: 'record_created' } },
      { type: 'update', collection: 'records', tenantId, filter: { _id: 'r-gone' }, update: { $pull: { outbox: { _id: 'x' } } } },
    ]),
  ]);
  expect(commands).toEqual([['records', 'events', 'records']]);
  expect(inserted).toEqual({ ok: true, n: 1 });
  expect(logged).toEqual({ ok: true, n: 1 });
  // An update that matched nothing is an outcome of its own, not a failure of the others.
  expect(cleared).toEqual({ ok: true, n: 0 });
  expect(await store.models.Event.countDocuments({ tenantId })).toBe(1);
});

it("rejects every caller's writes of a turn whose command was lost, as a lost command does", async () => {
  const writer = { write: () => Promise.reject(new Error('connection lost')) } as unknown as TenantBulkWriter;
  const turn = new TurnWrites(writer);
  const tenantId = 'turn-2';
  const [one, many] = await Promise.allSettled([
    turn.load({ type: 'insert', collection: 'records', tenantId, document: { _id: 'r1' } }),
    turn.write([{ type: 'insert', collection: 'events', tenantId, document: { _id: 'e1' } }]),
  ]);
  expect(one).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } });
  expect(many).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } });
});

it('sends a drain of hundreds of writes as one command, as the drain sent it before', async () => {
  const { turn, commands } = counted();
  const tenantId = 'turn-3';
  const outcomes = await turn.write(
    Array.from({ length: 250 }, (_, i) => ({ type: 'insert' as const, collection: 'events', tenantId, document: { _id: `big:${i}`, recordId: 'big' } })),
  );
  expect(commands.map((command) => command.length)).toEqual([250]);
  expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
});

it("gives each caller its own outcome when one write of the turn fails: another's duplicate key is not theirs", async () => {
  const { turn, commands } = counted();
  const tenantId = 'turn-4';
  await store.models.Event.collection.insertOne({ _id: 'dup:1', tenantId } as never);
  const [first, duplicate, last] = await Promise.all([
    turn.load({ type: 'insert', collection: 'events', tenantId, document: { _id: 'dup:0' } }),
    turn.load({ type: 'insert', collection: 'events', tenantId, document: { _id: 'dup:1' } }),
    turn.load({ type: 'update', collection: 'events', tenantId, filter: { _id: 'dup:0' }, update: { $set: { seen: true } } }),
  ]);
  expect(commands).toHaveLength(1);
  expect(first).toEqual({ ok: true, n: 1 });
  expect(duplicate.ok).toBe(false);
  expect(last.ok).toBe(true);
});

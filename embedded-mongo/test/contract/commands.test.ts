import { MongoServerError } from 'mongodb';
import { expect, it } from 'vitest';
import { describeContract } from './contract-targets.js';

describeContract('handshake and admin commands', (ctx) => {
  it('answers hello with the fields the driver needs', async () => {
    const hello = await ctx.client.db('admin').command({ hello: 1 });
    expect(hello.ok).toBe(1);
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(typeof hello.minWireVersion).toBe('number');
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.maxMessageSizeBytes).toBeGreaterThanOrEqual(48_000_000);
    expect(hello.maxWriteBatchSize).toBeGreaterThan(0);
    expect(hello.localTime).toBeInstanceOf(Date);
  });

  it('answers the legacy isMaster', async () => {
    const reply = await ctx.client.db('admin').command({ isMaster: 1 });
    expect(reply.ismaster).toBe(true);
  });

  it('answers ping and buildInfo', async () => {
    expect((await ctx.client.db('admin').command({ ping: 1 })).ok).toBe(1);
    const info = await ctx.client.db('admin').command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
  });

  it('answers an unknown command with CommandNotFound naming it', async () => {
    const error = await ctx
      .db()
      .command({ frobnicate: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(59);
    expect((error as MongoServerError).codeName).toBe('CommandNotFound');
    expect((error as MongoServerError).message).toContain("no such command: 'frobnicate'");
  });

  it('creates, lists and drops collections and the database', async () => {
    const db = ctx.db();
    await db.createCollection('accounts');
    await db.collection('leads').insertOne({ name: 'Acme' });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(['accounts', 'leads']);
    const filtered = await db.listCollections({ name: 'leads' }).toArray();
    expect(filtered.map((c) => c.name)).toEqual(['leads']);
    expect(await db.collection('accounts').drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['leads']);
    const databases = await ctx.client.db('admin').admin().listDatabases();
    expect(databases.databases.map((d) => d.name)).toContain(ctx.dbName);
    await db.dropDatabase();
    expect(await db.listCollections().toArray()).toEqual([]);
    expect(await db.collection('leads').countDocuments()).toBe(0);
  });

  it('creates a collection on insert or upsert, not on an update or delete that matches nothing', async () => {
    const db = ctx.db();
    await db.collection('ghost').updateOne({ a: 1 }, { $set: { b: 2 } });
    await db.collection('ghost').findOneAndUpdate({ a: 1 }, { $set: { b: 2 } });
    await db.collection('ghost').deleteMany({});
    expect(await db.listCollections({ name: 'ghost' }).toArray()).toEqual([]);
    await db.collection('ghost').updateOne({ a: 1 }, { $set: { b: 2 } }, { upsert: true });
    expect((await db.listCollections({ name: 'ghost' }).toArray()).map((c) => c.name)).toEqual(['ghost']);
  });

  it('accepts sessions: commands carry an lsid and endSessions succeeds', async () => {
    const session = ctx.client.startSession();
    await ctx.db().collection('sessions').insertOne({ a: 1 }, { session });
    expect(await ctx.db().collection('sessions').countDocuments({}, { session })).toBe(1);
    await session.endSession();
    expect((await ctx.client.db('admin').command({ endSessions: [session.id] })).ok).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type TenantBulkWriter } from '@funnel/api';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const LOG = `mutation($i: LogActivityInput!) { logActivity(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
const UPDATE = `mutation($i: UpdateRecordInput!) { updateRecord(input: $i) { ${RECORD_RESULT} } }`;

/** Concurrent requests each writing a field of `LARGE_FIELD_CHARS` characters: about 55 MB together. */
const LARGE_WRITES = 12;
const LARGE_FIELD_CHARS = 4_600_000;

// Record writes of concurrent requests go to the store as one `bulkWrite` command (MongoDB 8.0), which
// answers for each write; a server without it (MongoDB 7 and older) gets them one by one. Both must give
// every write its own outcome, or a write that applied could be reported as a conflict, or the reverse.
const SERVERS = [
  { name: 'a store with bulkWrite (MongoDB 8.0 and the embedded store)', store: {} },
  { name: 'a store without bulkWrite (MongoDB before 8.0: CommandNotFound)', store: { withoutCommands: ['bulkWrite'] } },
  { name: 'a store refusing bulkWrite (MongoDB 8.0 at feature compatibility 7.0: CommandNotSupported)', store: { unsupportedCommands: ['bulkWrite'] } },
];

for (const server of SERVERS) {
  describe(`record writes on ${server.name}`, () => {
    let h: Harness;
    let a: TenantKeys;
    let b: TenantKeys;
    let writer: TenantBulkWriter;

    beforeAll(async () => {
      // Megabyte field values on purpose: above the 10,000-character JSON string limit issue 15 set.
      h = await startHarness({ maxJsonStringLength: 5 * 1024 * 1024 }, server.store);
      a = await h.tenant('Alpha');
      b = await h.tenant('Beta');
      writer = h.server.services.writer;
    });
    afterAll(() => h?.close());

    const newRecord = async (keys: TenantKeys, name: string) => {
      const made = await h.gql(keys.marketing, CREATE, {
        i: { workflowKey: 'standard_trunk', fields: { name, phone: '+1 555 0400', email: `${name.toLowerCase()}@x.example` } },
      });
      return made.data?.createRecord.id as string;
    };

    it('tells each write of one batch its own outcome, and scopes each to its tenant', async () => {
      const [ofA, ofB] = [await newRecord(a, 'Ada'), await newRecord(b, 'Bo')];
      const { Record, Event } = h.server.services.models;
      const records = Record.collection.collectionName;
      const outcomes = await writer.write([
        {
          type: 'update',
          collection: records,
          tenantId: a.tenantId,
          filter: { _id: ofA, version: 1 },
          update: { $set: { version: 2, 'fields.note': 'first' } },
        },
        // Same version, after the first applied: does not match.
        {
          type: 'update',
          collection: records,
          tenantId: a.tenantId,
          filter: { _id: ofA, version: 1 },
          update: { $set: { version: 2, 'fields.note': 'second' } },
        },
        // B's record under A's tenant: matches nothing.
        { type: 'update', collection: records, tenantId: a.tenantId, filter: { _id: ofB }, update: { $set: { 'fields.note': 'stolen' } } },
        { type: 'insert', collection: Event.collection.collectionName, tenantId: a.tenantId, document: { _id: `${ofA}:probe`, recordId: ofA, type: 'probe' } },
        { type: 'insert', collection: Event.collection.collectionName, tenantId: a.tenantId, document: { _id: `${ofA}:probe`, recordId: ofA, type: 'probe' } },
        { type: 'update', collection: records, tenantId: b.tenantId, filter: { _id: ofB, version: 1 }, update: { $set: { version: 2 } } },
      ]);
      expect(outcomes).toEqual([
        { ok: true, n: 1 },
        { ok: true, n: 0 },
        { ok: true, n: 0 },
        { ok: true, n: 1 },
        { ok: false, code: 11000, message: expect.stringMatching(/duplicate key/) },
        { ok: true, n: 1 },
      ]);
      const storedA = (await Record.collection.findOne({ _id: ofA } as never)) as any;
      expect([storedA.version, storedA.fields.note, storedA.tenantId]).toEqual([2, 'first', a.tenantId]);
      const storedB = (await Record.collection.findOne({ _id: ofB } as never)) as any;
      expect([storedB.version, storedB.fields.note]).toEqual([2, undefined]);
      expect(await Event.collection.countDocuments({ _id: `${ofA}:probe`, tenantId: a.tenantId } as never)).toBe(1);
    });

    it('tells which inserts of an all-insert batch failed (the store is asked for failures only)', async () => {
      const events = h.server.services.models.Event.collection;
      const insert = (id: string, tenantId: string) => ({
        type: 'insert' as const,
        collection: events.collectionName,
        tenantId,
        document: { _id: id, type: 'probe' },
      });
      const outcomes = await writer.write([insert('ins:1', a.tenantId), insert('ins:1', a.tenantId), insert('ins:2', b.tenantId)]);
      expect(outcomes).toEqual([
        { ok: true, n: 1 },
        { ok: false, code: 11000, message: expect.stringMatching(/duplicate key/) },
        { ok: true, n: 1 },
      ]);
      expect(await events.countDocuments({ _id: { $in: ['ins:1', 'ins:2'] } } as never)).toBe(2);
      expect(((await events.findOne({ _id: 'ins:2' } as never)) as any).tenantId).toBe(b.tenantId);
    });

    it('refuses a batch with a write that names no tenant, and writes none of it', async () => {
      const id = await newRecord(a, 'Cy');
      const records = h.server.services.models.Record.collection.collectionName;
      await expect(
        writer.write([
          { type: 'update', collection: records, tenantId: a.tenantId, filter: { _id: id }, update: { $set: { 'fields.note': 'x' } } },
          { type: 'update', collection: records, tenantId: '', filter: { _id: id }, update: { $set: { 'fields.note': 'y' } } },
        ]),
      ).rejects.toBeInstanceOf(ApiError);
      expect(((await h.server.services.models.Record.collection.findOne({ _id: id } as never)) as any).fields.note).toBeUndefined();
    });

    it('applies large writes of concurrent requests that together exceed what one command may carry', async () => {
      // Each request is legal (under the 5 MB request limit, a record far under 16 MB), but a dozen of
      // them are more than any one command may carry (48 MB on the embedded store, 16 MB on MongoDB).
      const ids = await Promise.all(Array.from({ length: LARGE_WRITES }, (_, i) => newRecord(i % 2 ? a : b, `Large${i}`)));
      const product = 'p'.repeat(LARGE_FIELD_CHARS);
      const results = await Promise.all(
        ids.map((id, i) => h.gql(i % 2 ? a.marketing : b.marketing, UPDATE, { i: { id, expectedVersion: 1, fields: { product } } })),
      );
      for (const result of results) expect(result.data?.updateRecord, JSON.stringify(result).slice(0, 300)).toMatchObject({ __typename: 'Record', version: 2 });
      const stored = await h.server.services.models.Record.collection.find({ _id: { $in: ids } } as never, { projection: { version: 1 } }).toArray();
      expect(stored.map((doc) => doc.version)).toEqual(ids.map(() => 2));
    });

    it('applies exactly one of 30 parallel writes from one version; the others are conflicts; the log matches', async () => {
      const id = await newRecord(a, 'Dee');
      const results = await Promise.all(
        Array.from({ length: 30 }, () => h.gql(a.marketing, LOG, { i: { id, expectedVersion: 1, activity: { type: 'email', direction: 'outbound' } } })),
      );
      const kinds = results.map((r) => r.data?.logActivity.__typename);
      expect(kinds.filter((k) => k === 'Record')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'VersionConflict')).toHaveLength(29);
      // Then sequential writers, each from the version the last one left: every one applies.
      for (let version = 2; version < 7; version++) {
        const next = await h.gql(a.marketing, LOG, {
          i: { id, expectedVersion: version, activity: { type: 'call', direction: 'outbound', outcome: 'answered' } },
        });
        expect(next.data?.logActivity, JSON.stringify(next)).toMatchObject({ version: version + 1 });
      }
      await h.server.services.drainer.flush();
      const history = await h.gql(a.admin, `{ record(id: "${id}") { ... on Record { version history(first: 100) { edges { node { type } } } } } }`);
      const record = history.data?.record;
      expect(record.version).toBe(7);
      const activities = record.history.edges.map((e: { node: { type: string } }) => e.node.type).filter((type: string) => type === 'activity_logged');
      expect(activities).toHaveLength(6);
      const stored = (await h.server.services.models.Record.collection.findOne({ _id: id } as never)) as any;
      expect(stored.outbox).toEqual([]);
    });

    it('fires each due timer of a sweep once, and logs the recycle of each', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const id = await newRecord(b, `Due${i}`);
        const q = await h.gql(b.marketing, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
        const accepted = await h.gql(b.sales, TRANSITION, { i: { id, transition: 'accept', expectedVersion: q.data?.transitionRecord.version } });
        expect(accepted.data?.transitionRecord.stage).toBe('sql');
        ids.push(id);
      }
      await h.gql(b.admin, 'mutation { advanceClock(by: "P7DT1H") { ... on ClockPayload { now } } }');
      const run = await h.gql(b.admin, 'mutation { runDueTimers { fired } }');
      expect(run.data?.runDueTimers.fired).toBeGreaterThanOrEqual(ids.length);
      expect((await h.gql(b.admin, 'mutation { runDueTimers { fired } }')).data?.runDueTimers.fired).toBe(0);
      const { Record, Event } = h.server.services.models;
      for (const id of ids) {
        const stored = (await Record.collection.findOne({ _id: id } as never)) as any;
        expect([stored.stage, stored.outbox]).toEqual(['pool', []]);
        expect(await Event.collection.countDocuments({ recordId: id, type: 'transitioned', to: 'pool' } as never)).toBe(1);
      }
    });
  });
}

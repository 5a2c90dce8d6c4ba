import { describe, expect, it } from 'vitest';
import { Repeater } from 'graphql-yoga';
import { graphql, parse, subscribe, type ExecutionResult } from 'graphql/index.js';
import { ResponseCookies } from '../src/auth/session-cookie';
import type { Viewer } from '../src/auth/viewer';
import { apiConfig } from '../src/config';
import type { Context } from '../src/context';
import { ValidationFailedError } from '../src/errors';
import type { EventDoc } from '../src/models/event';
import type { Models } from '../src/models/models';
import { TenantBulkWriter } from '../src/models/tenant-bulk-writer';
import { eventCursor, eventPosition } from '../src/schema/event-cursor';
import { pageCursor } from '../src/schema/page-cursor';
import { buildSchema } from '../src/schema/schema';
import { eventFeedPage, type FeedPosition, positionOf } from '../src/services/event-feed';
import { OutboxDrainer, outboxEntries } from '../src/services/outbox-drainer';
import { resumedEvents } from '../src/services/record-event-stream';
import type { Services } from '../src/services/services';
import { UserLoader } from '../src/services/user-loader';
import { embeddedStoreModels } from './embedded-store-models';

const store = embeddedStoreModels();
const schema = buildSchema({ testClock: false });

/** An event of the log as the drainer writes it (`loggedAt` left out: logged before stamps). */
function logged(input: { tenantId?: string; recordId: string; version?: number; loggedAt?: number; type?: string }): EventDoc {
  const { tenantId = 't1', recordId, version = 1, loggedAt, type = 'record_created' } = input;
  return {
    _id: `${recordId}:${String(version).padStart(10, '0')}:0000`,
    tenantId,
    workflowKey: 'deals',
    recordId,
    type,
    at: 0,
    actor: 'u1',
    version,
    seq: 0,
    ...(loggedAt === undefined ? {} : { loggedAt }),
  } as EventDoc;
}

/** The diagnostics a refusal carries, as `code pointer`. */
function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.diagnostics.map((d) => `${d.code} ${d.pointer}`);
    throw error;
  }
  throw new Error('not refused');
}

describe('event cursors', () => {
  it('stand for the place of an event in the feed: its stamp and id, or the epoch for an event logged before stamps', () => {
    const stamped = { _id: 'r1:0000000002:0000', loggedAt: 1_767_603_600_000 };
    expect(eventPosition({ cursor: eventCursor(stamped), pointer: '/after' })).toEqual({ loggedAt: 1_767_603_600_000, id: 'r1:0000000002:0000' });
    expect(eventPosition({ cursor: eventCursor({ _id: 'r0:0000000001:0000' }), pointer: '/after' })).toEqual({ loggedAt: 0, id: 'r0:0000000001:0000' });
  });

  it('refuses what is not an event cursor at its pointer: garbage, another list, a malformed stamp or no id', () => {
    const events = (text: string) => Buffer.from(`c1:events:${text}`, 'utf8').toString('base64url');
    for (const cursor of [
      'nope',
      pageCursor({ list: 'records', id: 'r1' }),
      events('12x:r1'),
      events('0123:r1'),
      events('1:'),
      events('99999999999999999:r1'),
    ]) {
      expect(
        refusal(() => eventPosition({ cursor, pointer: '/after' })),
        cursor,
      ).toEqual(['cursor /after']);
    }
  });
});

describe('the events query and the resuming subscription refuse bad input before reading anything', () => {
  // No models: a resolver that reached the store would fail with an unexpected error, not these refusals.
  const viewer: Viewer = {
    kind: 'user',
    tenantId: 't1',
    credential: { kind: 'apiKey', id: 'k1', scope: { access: 'read_only' }, integration: false, usedAt: 0 },
    user: { _id: 'u1', tenantId: 't1', name: 'U', roles: ['sales'], managerId: null, createdAt: new Date(0) },
    actor: { id: 'u1', roles: ['sales'] },
  };
  const contextValue: Context = {
    viewer,
    requestId: 'test',
    request: { origin: 'http://test', secure: false, address: null },
    cookies: new ResponseCookies(false),
    services: { config: apiConfig() } as unknown as Services,
    users: new UserLoader({} as Models, null),
  };
  const diagnostics = (result: ExecutionResult) =>
    (result.errors ?? []).flatMap((e) => (e.extensions.diagnostics as { code: string; pointer: string; message: string }[]) ?? []);
  const ask = async (args: string) =>
    diagnostics((await graphql({ schema, source: `{ events${args} { edges { cursor } } }`, contextValue })) as ExecutionResult);

  it('names the cursor that is not one, each type that is not an event type, an empty type list and a negative page size', async () => {
    expect(await ask('(after: "bm9wZQ")')).toMatchObject([{ code: 'cursor', pointer: '/after' }]);
    const types = await ask('(types: ["transitioned", "promoted", "claimed", "Won"])');
    expect(types.map((d) => `${d.code} ${d.pointer}`)).toEqual(['unknown_event_type /types/1', 'unknown_event_type /types/3']);
    expect(types[0]?.message).toMatch(/^"promoted" is not an event type; the event types are record_created, transitioned, /);
    expect(await ask('(types: [])')).toMatchObject([{ code: 'required', pointer: '/types' }]);
    expect(await ask('(first: -1)')).toMatchObject([{ code: 'range', pointer: '/first' }]);
  });

  it('refuses a subscription resuming from a cursor that is not one, when it is made', async () => {
    const document = parse('subscription { recordEvents(workflowKey: "deals", after: "bm9wZQ") { id } }');
    expect(diagnostics((await subscribe({ schema, document, contextValue })) as ExecutionResult)).toMatchObject([{ code: 'cursor', pointer: '/after' }]);
  });
});

describe('the feed on the store', () => {
  it('shows events logged before stamps first in id order, then by stamp and id, of its tenant and types, held back by the settle window', async () => {
    const { models } = store;
    const now = Date.now();
    const events = [
      logged({ recordId: 'r2' }),
      logged({ recordId: 'r1' }),
      logged({ recordId: 'r1', version: 2, loggedAt: now - 60_000, type: 'transitioned' }),
      logged({ recordId: 'r0', version: 3, loggedAt: now - 60_000 }),
      logged({ recordId: 'r9', loggedAt: now - 90_000, type: 'transitioned' }),
      logged({ recordId: 'r8', loggedAt: now }),
      logged({ tenantId: 't2', recordId: 'x1', loggedAt: now - 60_000 }),
    ];
    await models.Event.collection.insertMany(events as never[]);
    const services = { models, config: apiConfig({ eventFeedSettleMs: 30_000 }) };
    const read = async (types: string[] | null) => {
      const ids: string[] = [];
      let after: FeedPosition | null = null;
      for (;;) {
        const page = await eventFeedPage(services, { tenantId: 't1', after, types, limit: 2 });
        ids.push(...page.map((e) => e._id));
        if (page.length < 2) return ids;
        after = positionOf(page[page.length - 1] as EventDoc);
      }
    };
    expect(await read(null)).toEqual(['r1:0000000001:0000', 'r2:0000000001:0000', 'r9:0000000001:0000', 'r0:0000000003:0000', 'r1:0000000002:0000']);
    expect(await read(['transitioned'])).toEqual(['r9:0000000001:0000', 'r1:0000000002:0000']);
  });

  it('reads a page after a stamped cursor along the feed index, not the tenant log', async () => {
    const { models } = store;
    const loggedAt = Date.now() - 60_000;
    await models.Event.collection.insertMany(
      Array.from({ length: 300 }, (_, i) => logged({ tenantId: 't3', recordId: `s${1000 + i}`, loggedAt: loggedAt + i })) as never[],
    );
    await models.Event.createIndexes();
    const services = { models, config: apiConfig() };
    const [middle] = await eventFeedPage(services, { tenantId: 't3', after: { loggedAt: loggedAt + 149, id: '' }, types: null, limit: 1 });
    expect(middle?._id).toBe('s1149:0000000001:0000');
    const explained = (await models.Event.find({
      tenantId: 't3',
      loggedAt: { $gte: loggedAt + 149, $lte: Date.now() },
      $or: [{ loggedAt: { $gt: loggedAt + 149 } }, { _id: { $gt: 's1149' } }],
    })
      .sort({ loggedAt: 1, _id: 1 })
      .limit(5)
      .explain('executionStats')) as unknown as { executionStats: { totalDocsExamined: number } };
    expect(explained.executionStats.totalDocsExamined).toBeLessThanOrEqual(6);
  });
});

describe('the drainer', () => {
  /** A drainer with this settle window whose store answers inserts only once `holdMs` have passed since they were sent. */
  function drainer(input: { settleMs: number; holdMs: number; lines: string[] }): OutboxDrainer {
    const { models } = store;
    const real = new TenantBulkWriter(models.Record.db.getClient(), models.Record.db.name);
    const writer = {
      write: async (writes: Parameters<TenantBulkWriter['write']>[0]) => {
        const sent = Date.now();
        while (Date.now() - sent <= input.holdMs) await new Promise((resolve) => setTimeout(resolve, 1));
        return real.write(writes);
      },
    } as TenantBulkWriter;
    const timing = { drainGatherMs: 0, outboxClearDelayMs: 0, eventFeedSettleMs: input.settleMs };
    return new OutboxDrainer({ models, writer, onDrained: () => undefined, log: (line) => input.lines.push(line), timing });
  }
  const pending = (recordId: string) => ({
    tenantId: 't4',
    recordId,
    workflowKey: 'deals',
    version: null,
    entries: outboxEntries({ id: recordId, version: 1, owner: null }, [{ type: 'record_created', at: 0, actor: 'u1', recordId, stage: 'lead' }]),
  });

  it('stamps each drained batch once, and logs an insert that took over half the settle window', async () => {
    const lines: string[] = [];
    await drainer({ settleMs: 60_000, holdMs: 0, lines }).drainBatch([pending('d1'), pending('d2')]);
    expect(lines).toEqual([]);
    await drainer({ settleMs: 20, holdMs: 10, lines }).drainBatch([pending('d3')]);
    expect(lines).toEqual([expect.stringMatching(/^copying an event into the log took \d+ ms, over half the event feed's settle window \(20 ms\)/)]);
    const stamps = await store.models.Event.find({ tenantId: 't4' }).sort({ _id: 1 }).lean();
    expect(stamps.map((e) => typeof e.loggedAt)).toEqual(['number', 'number', 'number']);
    expect(stamps[0]?.loggedAt).toBe(stamps[1]?.loggedAt);
  });
});

describe('resuming a stream', () => {
  it('replays, then passes live events the replay did not show, each once, live ones held while the replay ran in order', async () => {
    let publish: (event: EventDoc) => void = () => undefined;
    const live = new Repeater<EventDoc>((push) => {
      publish = (event) => void push(event);
    });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((recordId) => logged({ recordId, loggedAt: 1 }));
    async function* replay() {
      yield a as EventDoc;
      // Logged while the replay reads, after the replay's read: they come live only.
      publish(c as EventDoc);
      yield b as EventDoc;
      publish(d as EventDoc);
    }
    const events = resumedEvents({ live, replay, mayComeLive: () => true });
    const seen: string[] = [];
    for await (const event of events) {
      seen.push(event.recordId);
      // After the replay: b, which the replay showed, comes live late (a change stream behind the log), then a new one.
      if (event.recordId === 'd') {
        publish(b as EventDoc);
        publish(logged({ recordId: 'e', loggedAt: 2 }));
      }
      if (event.recordId === 'e') break;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

import { Socket } from 'node:net';
import { BSON, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../src/index.js';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 1 << 1;

function header(length: number, requestId: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG with a body and, optionally, one document sequence (section kind 1). */
function opMsg(input: { requestId: number; flags?: number; body: Document; sequence?: { identifier: string; documents: Document[] } }): Buffer {
  const parts: Buffer[] = [];
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE(input.flags ?? 0, 0);
  parts.push(flags, Buffer.from([0]), Buffer.from(BSON.serialize(input.body)));
  if (input.sequence) {
    const documents = input.sequence.documents.map((doc) => Buffer.from(BSON.serialize(doc)));
    const identifier = Buffer.from(`${input.sequence.identifier}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + identifier.length + documents.reduce((sum, doc) => sum + doc.length, 0), 0);
    parts.push(Buffer.from([1]), size, identifier, ...documents);
  }
  const payload = Buffer.concat(parts);
  return Buffer.concat([header(16 + payload.length, input.requestId, OP_MSG), payload]);
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const flags = Buffer.alloc(4);
  const name = Buffer.from(`${collection}\0`);
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(-1, 4);
  const payload = Buffer.concat([flags, name, skipAndReturn, Buffer.from(BSON.serialize(query))]);
  return Buffer.concat([header(16 + payload.length, requestId, OP_QUERY), payload]);
}

/** Sends raw messages over one socket and reads whole replies. */
async function rawConnection(port: number) {
  const socket = new Socket();
  await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
  let buffered = Buffer.alloc(0);
  const replies: Buffer[] = [];
  let notify: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
      replies.push(buffered.subarray(0, buffered.readInt32LE(0)));
      buffered = buffered.subarray(buffered.readInt32LE(0));
      notify?.();
    }
  });
  return {
    send: (message: Buffer) => socket.write(message),
    next: async (): Promise<Buffer> => {
      while (replies.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      return replies.shift() as Buffer;
    },
    close: () => socket.destroy(),
  };
}

describe('wire protocol', () => {
  let mongo: EmbeddedMongo;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo({ inMemory: true });
  });
  afterAll(async () => {
    await mongo.close();
  });

  it('answers a legacy OP_QUERY isMaster with an OP_REPLY', async () => {
    const connection = await rawConnection(mongo.port);
    connection.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    const reply = await connection.next();
    expect(reply.readInt32LE(8)).toBe(7); // responseTo
    expect(reply.readInt32LE(12)).toBe(OP_REPLY);
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    const body = BSON.deserialize(reply.subarray(36));
    expect(body).toMatchObject({ ismaster: true, helloOk: true, ok: 1 });
    expect(body.maxWireVersion).toBeGreaterThanOrEqual(9);
    connection.close();
  });

  it('reads OP_MSG document sequences, and sends no reply when the client sets moreToCome', async () => {
    const connection = await rawConnection(mongo.port);
    connection.send(opMsg({ requestId: 1, body: { insert: 'seq', $db: 'wire' }, sequence: { identifier: 'documents', documents: [{ _id: 1 }, { _id: 2 }] } }));
    const inserted = await connection.next();
    expect(inserted.readInt32LE(12)).toBe(OP_MSG);
    expect(BSON.deserialize(inserted.subarray(21))).toMatchObject({ n: 2, ok: 1 });
    // Unacknowledged (w: 0) insert: the server must not answer it.
    connection.send(
      opMsg({
        requestId: 2,
        flags: MORE_TO_COME,
        body: { insert: 'seq', $db: 'wire', writeConcern: { w: 0 } },
        sequence: { identifier: 'documents', documents: [{ _id: 3 }] },
      }),
    );
    connection.send(opMsg({ requestId: 3, body: { count: 'seq', $db: 'wire' } }));
    const counted = await connection.next();
    expect(counted.readInt32LE(8)).toBe(3);
    expect(BSON.deserialize(counted.subarray(21))).toMatchObject({ n: 3, ok: 1 });
    connection.close();
  });

  it('reads messages however the bytes arrive: split inside the header, across many writes, and two in one write', async () => {
    const connection = await rawConnection(mongo.port);
    const big = opMsg({
      requestId: 10,
      body: { insert: 'split', $db: 'wire' },
      sequence: { identifier: 'documents', documents: Array.from({ length: 50 }, (_, i) => ({ _id: i, pad: 'x'.repeat(1000) })) },
    });
    const count = opMsg({ requestId: 11, body: { count: 'split', $db: 'wire' } });
    const bytes = Buffer.concat([big, count]);
    // 3 bytes (inside the length), then odd-sized pieces, the last one holding the end of one message and all of the next.
    const cuts = [3, 10, 700, 20_000, big.length - 5, bytes.length];
    for (let i = 0, from = 0; i < cuts.length; from = cuts[i] as number, i++) {
      connection.send(bytes.subarray(from, cuts[i]));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(BSON.deserialize((await connection.next()).subarray(21))).toMatchObject({ n: 50, ok: 1 });
    const counted = await connection.next();
    expect(counted.readInt32LE(8)).toBe(11);
    expect(BSON.deserialize(counted.subarray(21))).toMatchObject({ n: 50, ok: 1 });
    connection.close();
  });

  it('serves the official driver, whose handshake starts with OP_QUERY and goes on in OP_MSG', async () => {
    const client = new MongoClient(mongo.uri);
    await client.connect();
    expect(await client.db('wire').collection('seq').countDocuments()).toBe(3);
    await client.close();
  });
});

import { BSON, type Document } from 'bson';
import { MAX_WIRE_OBJECT_BYTES, wireObjectTooLargeError } from './document-size-limit.js';
import { MongoCommandError } from './errors.js';

/** MongoDB wire protocol opcodes this server reads or writes. */
const OP_CODES = { reply: 1, query: 2004, compressed: 2012, msg: 2013 } as const;
/** Bytes of the standard message header: length, requestID, responseTo, opCode. */
export const MESSAGE_HEADER_BYTES = 16;
const OP_MSG_CHECKSUM_PRESENT = 1 << 0;
/** OP_MSG flag: the sender expects no reply (unacknowledged writes). */
const OP_MSG_MORE_TO_COME = 1 << 1;
const SECTION_BODY = 0;
const SECTION_DOCUMENT_SEQUENCE = 1;
const DESERIALIZE_OPTIONS = { promoteLongs: false } as const;

/**
 * A decoded request: an OP_MSG command, a legacy OP_QUERY (only used for the first handshake), or an
 * OP_MSG refused before its command runs. `bytes` is the message's size, which bounds every document in it.
 */
export type WireRequest =
  | { kind: 'msg'; requestId: number; moreToCome: boolean; command: Document; bytes: number }
  | { kind: 'query'; requestId: number; collection: string; command: Document; bytes: number }
  | { kind: 'refused'; requestId: number; moreToCome: boolean; error: MongoCommandError }
  | { kind: 'unsupported'; requestId: number; opCode: number };

function readCString(buffer: Buffer, offset: number): { value: string; next: number } {
  const end = buffer.indexOf(0, offset);
  return { value: buffer.toString('utf8', offset, end), next: end + 1 };
}

/** A BSON object of a message, refused as MongoDB refuses one over 16 MiB + 16 KiB. */
function readObject(message: Buffer, offset: number, size: number): Document {
  const bson = message.subarray(offset, offset + size);
  if (size > MAX_WIRE_OBJECT_BYTES) throw wireObjectTooLargeError(bson);
  return BSON.deserialize(bson, DESERIALIZE_OPTIONS);
}

/** The command of an OP_MSG: its body, with each document sequence (kind 1 section) merged in as an array, as the server does. */
function readMsgCommand(message: Buffer, flags: number): Document {
  const end = message.length - (flags & OP_MSG_CHECKSUM_PRESENT ? 4 : 0);
  let offset = MESSAGE_HEADER_BYTES + 4;
  let command: Document = {};
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === SECTION_BODY) {
      const size = message.readInt32LE(offset);
      command = readObject(message, offset, size);
      offset += size;
    } else if (kind === SECTION_DOCUMENT_SEQUENCE) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const { value: identifier, next } = readCString(message, offset + 4);
      const documents: Document[] = [];
      let position = next;
      while (position < sectionEnd) {
        const docSize = message.readInt32LE(position);
        documents.push(readObject(message, position, docSize));
        position += docSize;
      }
      sequences.push([identifier, documents]);
      offset = sectionEnd;
    } else {
      throw new Error(`embedded-mongo: unknown OP_MSG section kind ${kind}`);
    }
  }
  for (const [identifier, documents] of sequences) command[identifier] = documents;
  return command;
}

/**
 * Decodes one whole message (header included). An OP_MSG carrying a BSON object over 16 MiB + 16 KiB
 * is `refused` with MongoDB's BSONObjectTooLarge, which answers that request.
 * @example const request = decodeRequest(frame)
 */
export function decodeRequest(message: Buffer): WireRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_CODES.msg) {
    const flags = message.readUInt32LE(MESSAGE_HEADER_BYTES);
    const moreToCome = (flags & OP_MSG_MORE_TO_COME) !== 0;
    try {
      return { kind: 'msg', requestId, moreToCome, command: readMsgCommand(message, flags), bytes: message.length };
    } catch (error) {
      if (error instanceof MongoCommandError) return { kind: 'refused', requestId, moreToCome, error };
      throw error;
    }
  }
  if (opCode === OP_CODES.query) {
    const { value: collection, next } = readCString(message, MESSAGE_HEADER_BYTES + 4);
    const queryOffset = next + 8;
    const size = message.readInt32LE(queryOffset);
    const command = readObject(message, queryOffset, size);
    return { kind: 'query', requestId, collection, command, bytes: message.length };
  }
  return { kind: 'unsupported', requestId, opCode };
}

let nextResponseId = 1;

function header(input: { length: number; responseTo: number; opCode: number }): Buffer {
  const { length, responseTo, opCode } = input;
  const buffer = Buffer.allocUnsafe(MESSAGE_HEADER_BYTES);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/**
 * An OP_MSG message carrying one body document (one buffer: one write(2) per reply).
 * @example socket.write(encodeMsgReply(request.requestId, { ok: 1 }))
 */
export function encodeMsgReply(responseTo: number, body: Document): Buffer {
  const bson = BSON.serialize(body);
  const message = Buffer.allocUnsafe(MESSAGE_HEADER_BYTES + 5 + bson.length);
  header({ length: message.length, responseTo, opCode: OP_CODES.msg }).copy(message, 0);
  message.writeUInt32LE(0, MESSAGE_HEADER_BYTES); // flagBits
  message.writeUInt8(0, MESSAGE_HEADER_BYTES + 4); // section kind 0: the body
  message.set(bson, MESSAGE_HEADER_BYTES + 5);
  return message;
}

/**
 * An OP_REPLY carrying one document, the answer to a legacy OP_QUERY command.
 * @example socket.write(encodeOpReply(request.requestId, helloReply))
 */
export function encodeOpReply(responseTo: number, body: Document): Buffer {
  const bson = BSON.serialize(body);
  // responseFlags (4), cursorID (8), startingFrom (4), numberReturned (4)
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header({ length: MESSAGE_HEADER_BYTES + fields.length + bson.length, responseTo, opCode: OP_CODES.reply }), fields, bson]);
}

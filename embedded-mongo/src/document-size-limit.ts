import { BSON, calculateObjectSize, type Document } from 'bson';
import type { UpdateSpec } from './apply-update.js';
import { formatValue } from './format-value.js';
import { MongoCommandError } from './errors.js';

/** MongoDB's largest document, 16 MiB (BSONObjMaxUserSize); `hello` reports it as `maxBsonObjectSize`. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** The largest BSON object MongoDB reads off the wire at all (BSONObjMaxInternalSize): 16 KiB more, room for a command around a largest document. */
export const MAX_WIRE_OBJECT_BYTES = MAX_DOCUMENT_BYTES + 16 * 1024;

/**
 * At most how many bytes an operator update adds to a document per byte of the message that carried
 * it, with room to spare: a `$set` of `a.a.a` adds about four times its own bytes (a document per
 * segment), a `$push` with `$position` renumbers the elements after it (a key digit each, at most
 * about seven per element pushed).
 */
const GROWTH_PER_MESSAGE_BYTE = 16;

/**
 * A path whose update can add without bound by the statement's size: `$[]` and `$[<id>]` write to
 * every (matching) element, and an array index past the end pads the array with nulls.
 */
const UNBOUNDED_PATH = /\$\[|(?:^|\.)\d+(?:\.|$)/;

/** Bytes an `_id` ObjectId the store adds to a document takes: type, name `_id`, 12 bytes. */
export const GENERATED_ID_BYTES = 1 + 4 + 12;

/**
 * How many bytes an update statement can add to a document, from the size of the wire message that
 * carried it; undefined when nothing bounds it so (a pipeline, `$[]`, an array index, no message).
 * @example updateGrowthBound({ $set: { stage: 'sql' } }, 120) // 1920
 */
export function updateGrowthBound(spec: UpdateSpec, messageBytes: number | undefined): number | undefined {
  if (messageBytes === undefined || Array.isArray(spec)) return undefined;
  const operators = Object.keys(spec);
  // A replacement is at most the message, plus the `_id` it keeps, which the document replaced had.
  if (!operators[0]?.startsWith('$')) return messageBytes;
  for (const operator of operators) {
    const fields: unknown = spec[operator];
    if (typeof fields !== 'object' || fields === null) continue;
    for (const path of Object.keys(fields)) if (UNBOUNDED_PATH.test(path)) return undefined;
  }
  return GROWTH_PER_MESSAGE_BYTE * messageBytes;
}

/**
 * Refuses a document to insert over 16 MiB as MongoDB does (a write error, BadValue), and returns a
 * bound on its size. Measured only when the message that carried it is itself over 16 MiB: a smaller
 * one cannot hold a larger document.
 * @example const bound = insertableSize(doc, context.messageBytes)
 */
export function insertableSize(doc: Document, messageBytes: number | undefined): number {
  if (messageBytes !== undefined && messageBytes <= MAX_DOCUMENT_BYTES) return messageBytes;
  const size = calculateObjectSize(doc);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new MongoCommandError('BadValue', `object to insert too large. size in bytes: ${size}, max size: ${MAX_DOCUMENT_BYTES}`);
  }
  return size;
}

/**
 * Refuses an updated or replacing document over 16 MiB (MongoDB 6.0–8.0: code 17419), and returns a
 * bound on its size: the previous document's plus `growth`, measured only when that nears the limit
 * or is unknown.
 * @example const bound = updatedSizeBound({ next: outcome.doc, previousBound: 2048, growth: 1920 })
 */
export function updatedSizeBound(input: { next: Document; previousBound: number | undefined; growth: number | undefined }): number {
  const bound = input.previousBound === undefined || input.growth === undefined ? undefined : input.previousBound + input.growth;
  return checkedBound({ doc: input.next, bound, code: 'Location17419', message: 'Resulting document after update is larger than' });
}

/**
 * Refuses a document an upsert would insert over 16 MiB (code 17420), and returns a bound on its
 * size: `growth` (what the statement can put into an empty document), measured only when that nears
 * the limit or is unknown.
 * @example collection.insert(doc, upsertedSizeBound(doc, growth))
 */
export function upsertedSizeBound(doc: Document, growth: number | undefined): number {
  return checkedBound({ doc, bound: growth, code: 'Location17420', message: 'Document to upsert is larger than' });
}

function checkedBound(input: { doc: Document; bound: number | undefined; code: 'Location17419' | 'Location17420'; message: string }): number {
  if (input.bound !== undefined && input.bound <= MAX_DOCUMENT_BYTES) return input.bound;
  const size = calculateObjectSize(input.doc);
  if (size > MAX_DOCUMENT_BYTES) throw new MongoCommandError(input.code, `${input.message} ${MAX_DOCUMENT_BYTES}`);
  return size;
}

/**
 * MongoDB's refusal of a BSON object in a message over 16 MiB + 16 KiB, before the command runs:
 * `BSONObjectTooLarge`, naming its size and first element.
 * @example throw wireObjectTooLargeError(message.subarray(offset, offset + size))
 */
export function wireObjectTooLargeError(bson: Uint8Array): MongoCommandError {
  const first = Object.entries(BSON.deserialize(bson, { promoteLongs: false }))[0];
  const shown = first ? `${first[0]}: ${formatValue(first[1])}` : 'EOO';
  return new MongoCommandError(
    'BSONObjectTooLarge',
    `BSONObj size: ${bson.length} (0x${bson.length.toString(16).toUpperCase()}) is invalid. Size must be between 0 and ${MAX_WIRE_OBJECT_BYTES}(16MB) First element: ${shown}`,
  );
}

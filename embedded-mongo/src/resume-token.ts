import { Timestamp, type Document } from 'bson';
import { MongoCommandError } from './errors.js';

/** A place in the change log: after the change with this sequence number, stamped with its cluster time. */
export type ChangePosition = { seq: number; clusterTime: Timestamp };

/** Leads every token, as MongoDB's keystring-encoded tokens start with the type byte of a timestamp. */
const TOKEN_PREFIX = '82';
const TIME_HEX_DIGITS = 8;
const SEQ_HEX_DIGITS = 16;
const TOKEN_PATTERN = /^82([0-9a-f]{8})([0-9a-f]{8})([0-9a-f]{16})([0-9a-f]+)$/;

const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');

/**
 * The resume token (`{ _data }`) of a position: its cluster time and sequence number first, so tokens
 * sort in log order as hex strings, then the id of the store process that issued it.
 * @example encodeResumeToken({ position: { seq: 7, clusterTime }, storeId: 'a1b2c3d4e5f60718' }) // { _data: '82…' }
 */
export function encodeResumeToken(input: { position: ChangePosition; storeId: string }): Document {
  const { seq, clusterTime } = input.position;
  return { _data: `${TOKEN_PREFIX}${hex(clusterTime.t, TIME_HEX_DIGITS)}${hex(clusterTime.i, TIME_HEX_DIGITS)}${hex(seq, SEQ_HEX_DIGITS)}${input.storeId}` };
}

/** A token this store could have issued, taken apart; `storeId` tells whether this process issued it. */
export type DecodedResumeToken = { position: ChangePosition; storeId: string };

/**
 * Takes a resume token apart; anything this store cannot have issued is refused with BadValue.
 * @example decodeResumeToken({ _data: '82…' }) // { position: { seq: 7, clusterTime }, storeId: 'a1b2…' }
 */
export function decodeResumeToken(token: unknown): DecodedResumeToken {
  const data = typeof token === 'object' && token !== null ? (token as Document)._data : undefined;
  const match = typeof data === 'string' ? TOKEN_PATTERN.exec(data) : null;
  if (!match)
    throw new MongoCommandError('BadValue', `invalid resume token ${JSON.stringify(token)}: expected { _data: <hex string> } from a change of this store`);
  const [, high, low, seq, storeId] = match as unknown as [string, string, string, string, string];
  return {
    position: { seq: Number.parseInt(seq, 16), clusterTime: new Timestamp({ t: Number.parseInt(high, 16), i: Number.parseInt(low, 16) }) },
    storeId,
  };
}

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** Bytes before each record: payload length (u32 LE) and CRC-32 of the payload (u32 LE). */
export const FRAME_HEADER_BYTES = 8;
const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/**
 * How records this store wrote are decoded: they passed a CRC check, so UTF-8 validation (most of the decoding time)
 * is skipped, and int64 stays a Long so it is written back as one.
 */
export const RECORD_DESERIALIZE_OPTIONS = { promoteLongs: false, validation: { utf8: false } } as const;
/** The smallest BSON document: its length and its terminating zero. */
const MIN_BSON_BYTES = 5;
/** No record is larger than a BSON document may be, plus room for the record's own fields. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Frames a payload as length + checksum + bytes, so a torn or corrupt tail is recognised on read.
 * @example writeSync(fd, frameRecord(BSON.serialize(op)))
 */
export function frameRecord(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** What reading a framed file found: where the last whole record ends, and how many bytes follow it. */
export type FramedFileRead = { validBytes: number; tornBytes: number };

/**
 * Calls `onRecord` with each whole, checksummed record in order, reading in chunks; stops at the
 * first short or corrupt record (a write torn by a crash) and reports where the good part ends.
 * @example const { validBytes } = readFramedFile(path, (payload) => apply(BSON.deserialize(payload)))
 */
export function readFramedFile(path: string, onRecord: (payload: Buffer) => void): FramedFileRead {
  const records = framedRecords(path);
  for (;;) {
    const next = records.next();
    if (next.done) return next.value;
    onRecord(next.value);
  }
}

/**
 * The whole, checksummed records of a framed file in order, read in chunks, as a generator (so a reader may await
 * between records); it returns where the good part ends at the first short or corrupt record. Each payload is a view
 * of a reused buffer: consume it before asking for the next.
 * @example for (const payload of framedRecords(path)) apply(BSON.deserialize(payload))
 */
export function* framedRecords(path: string): Generator<Buffer, FramedFileRead, undefined> {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let start = 0;
    let end = 0;
    let fileOffset = 0;
    let validBytes = 0;
    for (;;) {
      while (end - start >= FRAME_HEADER_BYTES) {
        const length = buffer.readUInt32LE(start);
        // No BSON document is shorter than 5 bytes: a shorter length is a torn tail (zeros read as length 0 and the
        // CRC of nothing, 0, would otherwise pass the check).
        if (length < MIN_BSON_BYTES || length > MAX_RECORD_BYTES) return { validBytes, tornBytes: fileSize(fd) - validBytes };
        if (end - start < FRAME_HEADER_BYTES + length) break;
        const payload = buffer.subarray(start + FRAME_HEADER_BYTES, start + FRAME_HEADER_BYTES + length);
        if (crc32(payload) !== buffer.readUInt32LE(start + 4)) return { validBytes, tornBytes: fileSize(fd) - validBytes };
        yield payload;
        start += FRAME_HEADER_BYTES + length;
        validBytes += FRAME_HEADER_BYTES + length;
      }
      // Move the unread rest to the front (growing the buffer for a record larger than it), then read on.
      const rest = end - start;
      if (rest === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, start, end);
        buffer = larger;
      } else if (start > 0) {
        buffer.copy(buffer, 0, start, end);
      }
      start = 0;
      end = rest;
      const read = readSync(fd, buffer, end, buffer.length - end, fileOffset);
      if (read === 0) return { validBytes, tornBytes: end };
      fileOffset += read;
      end += read;
    }
  } finally {
    closeSync(fd);
  }
}

function fileSize(fd: number): number {
  return fstatSync(fd).size;
}

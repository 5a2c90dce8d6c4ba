import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/** Bytes before each record: payload length (u32 LE) and CRC-32 of the payload (u32 LE). */
export const FRAME_HEADER_BYTES = 8;
const READ_CHUNK_BYTES = 8 * 1024 * 1024;
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
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.alloc(0);
    let fileOffset = 0;
    let validBytes = 0;
    let ended = false;
    for (;;) {
      // Parse every whole record in the buffer.
      let position = 0;
      while (buffer.length - position >= FRAME_HEADER_BYTES) {
        const length = buffer.readUInt32LE(position);
        if (length > MAX_RECORD_BYTES) return { validBytes, tornBytes: fileSize(fd) - validBytes };
        if (buffer.length - position < FRAME_HEADER_BYTES + length) break;
        const payload = buffer.subarray(position + FRAME_HEADER_BYTES, position + FRAME_HEADER_BYTES + length);
        if (crc32(payload) !== buffer.readUInt32LE(position + 4)) return { validBytes, tornBytes: fileSize(fd) - validBytes };
        onRecord(payload);
        position += FRAME_HEADER_BYTES + length;
        validBytes += FRAME_HEADER_BYTES + length;
      }
      if (ended) return { validBytes, tornBytes: buffer.length - position };
      const rest = buffer.subarray(position);
      const chunk = Buffer.allocUnsafe(Math.max(READ_CHUNK_BYTES, rest.length * 2));
      rest.copy(chunk, 0);
      const read = readSync(fd, chunk, rest.length, chunk.length - rest.length, fileOffset);
      fileOffset += read;
      ended = read === 0;
      buffer = chunk.subarray(0, rest.length + read);
    }
  } finally {
    closeSync(fd);
  }
}

function fileSize(fd: number): number {
  return fstatSync(fd).size;
}

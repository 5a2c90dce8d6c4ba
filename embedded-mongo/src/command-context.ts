import type { Document } from 'bson';
import type { CursorRegistry } from './cursor-registry.js';
import type { StorageEngine } from './storage-engine.js';

/** The errors a refused command is answered with. */
export type RefusedCommandCode = 'CommandNotFound' | 'CommandNotSupported';

/** What a command handler works with. */
export type CommandContext = {
  engine: StorageEngine;
  cursors: CursorRegistry;
  /** The database the command was sent to (`$db`). */
  db: string;
  connectionId: number;
  /** Bytes of the wire message that carried the command, which bound every document in it; undefined when it did not come over the wire. */
  messageBytes?: number | undefined;
  /**
   * Commands refused before they run, with the error an older MongoDB gives (`CommandNotFound`, or
   * `CommandNotSupported` as 8.0 at feature compatibility 7.0 refuses `bulkWrite`); tests use it.
   */
  refusedCommands?: ReadonlyMap<string, RefusedCommandCode>;
};

/** A command implementation: the command document in, the reply document out. */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>;

import type { Document } from 'bson';
import type { CursorRegistry } from './cursor-registry.js';
import type { StorageEngine } from './storage-engine.js';

/** What a command handler works with. */
export type CommandContext = {
  engine: StorageEngine;
  cursors: CursorRegistry;
  /** The database the command was sent to (`$db`). */
  db: string;
  connectionId: number;
  /** Commands answered as unknown (`CommandNotFound`), to behave like an older MongoDB; tests use it. */
  withoutCommands?: ReadonlySet<string>;
};

/** A command implementation: the command document in, the reply document out. */
export type CommandHandler = (command: Document, context: CommandContext) => Document | Promise<Document>;

import type { Document } from 'bson';
import type { CommandContext, CommandHandler } from './command-context.js';
import {
  acknowledgeCommand,
  buildInfoCommand,
  createCommand,
  dropCommand,
  dropDatabaseCommand,
  helloCommand,
  listCollectionsCommand,
  listDatabasesCommand,
  serverStatusCommand,
} from './commands/admin-commands.js';
import { createBackupCommand } from './commands/backup-command.js';
import { bulkWriteCommand } from './commands/bulk-write-command.js';
import { createIndexesCommand, dropIndexesCommand, listIndexesCommand } from './commands/index-commands.js';
import { aggregateCommand, countCommand, distinctCommand, explainCommand, findCommand, getMoreCommand, killCursorsCommand } from './commands/read-commands.js';
import { deleteCommand, findAndModifyCommand, insertCommand, updateCommand } from './commands/write-commands.js';
import { asMongoCommandError, MongoCommandError } from './errors.js';

/** Every command the store answers; anything else is CommandNotFound. */
export const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  hello: helloCommand,
  isMaster: helloCommand,
  ismaster: helloCommand,
  ping: acknowledgeCommand,
  buildInfo: buildInfoCommand,
  buildinfo: buildInfoCommand,
  serverStatus: serverStatusCommand,
  endSessions: acknowledgeCommand,
  killSessions: acknowledgeCommand,
  listDatabases: listDatabasesCommand,
  create: createCommand,
  drop: dropCommand,
  dropDatabase: dropDatabaseCommand,
  listCollections: listCollectionsCommand,
  createIndexes: createIndexesCommand,
  listIndexes: listIndexesCommand,
  dropIndexes: dropIndexesCommand,
  deleteIndexes: dropIndexesCommand,
  insert: insertCommand,
  update: updateCommand,
  delete: deleteCommand,
  findAndModify: findAndModifyCommand,
  findandmodify: findAndModifyCommand,
  bulkWrite: bulkWriteCommand,
  find: findCommand,
  getMore: getMoreCommand,
  killCursors: killCursorsCommand,
  count: countCommand,
  distinct: distinctCommand,
  aggregate: aggregateCommand,
  explain: explainCommand,
  createBackup: createBackupCommand,
};

const WRITE_COMMANDS = new Set([
  'insert',
  'update',
  'delete',
  'findAndModify',
  'findandmodify',
  'bulkWrite',
  'create',
  'drop',
  'dropDatabase',
  'createIndexes',
  'dropIndexes',
  'deleteIndexes',
]);

/**
 * Runs one command document and returns its reply; failures become `{ ok: 0, code, codeName, errmsg }`.
 * @example await runCommand({ ping: 1, $db: 'admin' }, context) // { ok: 1 }
 */
export async function runCommand(command: Document, context: Omit<CommandContext, 'db'>): Promise<Document> {
  const name = Object.keys(command)[0] ?? '';
  const db = typeof command.$db === 'string' ? command.$db : 'admin';
  try {
    const refused = context.refusedCommands?.get(name);
    if (refused === 'CommandNotSupported') throw new MongoCommandError(refused, `${name} is not supported at this server's feature compatibility version`);
    const handler = Object.hasOwn(COMMANDS, name) && refused === undefined ? COMMANDS[name] : undefined;
    if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`);
    if (command.txnNumber !== undefined || command.startTransaction !== undefined) {
      throw new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    if (WRITE_COMMANDS.has(name)) context.engine.assertWritable();
    return await handler(command, { ...context, db });
  } catch (error) {
    return asMongoCommandError(error).toReply();
  }
}

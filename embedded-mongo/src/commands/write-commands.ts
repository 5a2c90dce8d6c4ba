import type { Document } from 'bson';
import { applyUpdate, buildUpsertDocument, updateOperationType, type UpdateSpec } from '../apply-update.js';
import { checkUpdateSyntax } from '../check-update-syntax.js';
import type { CommandContext } from '../command-context.js';
import { updateGrowthBound, upsertedSizeBound } from '../document-size-limit.js';
import { asMongoCommandError, MongoCommandError } from '../errors.js';
import { projectDocument } from '../project-document.js';
import { selectDocuments } from '../select-documents.js';
import { stillMatching } from '../still-matching.js';
import { deleteStatement, insertStatement, updateStatement } from '../write-statements.js';

type WriteErrors = Document[];

/**
 * Runs the statements of an insert/update/delete command in order; an ordered command stops at the
 * first failing statement, an unordered one goes on. Errors become `writeErrors` entries.
 */
async function eachStatement<T>(input: {
  statements: T[];
  ordered: boolean;
  run: (statement: T, index: number) => Promise<void> | void;
}): Promise<WriteErrors> {
  const writeErrors: WriteErrors = [];
  for (let index = 0; index < input.statements.length; index++) {
    try {
      await input.run(input.statements[index] as T, index);
    } catch (error) {
      writeErrors.push(asMongoCommandError(error).toWriteError(index));
      if (input.ordered) break;
    }
  }
  return writeErrors;
}

function withWriteErrors(reply: Document, writeErrors: WriteErrors): Document {
  return writeErrors.length > 0 ? { ...reply, writeErrors, ok: 1 } : { ...reply, ok: 1 };
}

function collectionName(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MongoCommandError('BadValue', `collection name has invalid type ${typeof value}`);
  }
  return value;
}

/** `insert`: adds documents, giving each an ObjectId `_id` if it has none. */
export async function insertCommand(command: Document, context: CommandContext): Promise<Document> {
  const collection = context.engine.ensureCollection(context.db, collectionName(command, 'insert'));
  let n = 0;
  const writeErrors = await eachStatement({
    statements: (command.documents ?? []) as Document[],
    ordered: command.ordered !== false,
    run: (doc) => {
      insertStatement({ collection, doc, messageBytes: context.messageBytes });
      n += 1;
    },
  });
  await context.engine.durable();
  return withWriteErrors({ n }, writeErrors);
}

type UpdateCommandStatement = { q?: Document; u: UpdateSpec; multi?: boolean; upsert?: boolean; arrayFilters?: Document[]; sort?: Document };

/** `update`: operator, replacement and pipeline updates, `multi`, `upsert`, `arrayFilters`, `sort`, positional `$`. */
export async function updateCommand(command: Document, context: CommandContext): Promise<Document> {
  const target = { engine: context.engine, db: context.db, collection: collectionName(command, 'update'), messageBytes: context.messageBytes };
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors = await eachStatement({
    statements: (command.updates ?? []) as UpdateCommandStatement[],
    ordered: command.ordered !== false,
    run: async (statement, index) => {
      const result = await updateStatement(target, {
        filter: statement.q ?? {},
        spec: statement.u,
        multi: statement.multi === true,
        upsert: statement.upsert === true,
        arrayFilters: statement.arrayFilters,
        sort: statement.sort,
      });
      switch (result.kind) {
        case 'matched':
          n += result.n;
          nModified += result.nModified;
          return;
        case 'upserted':
          n += 1;
          upserted.push({ index, _id: result.id });
          return;
        default: {
          const unknown: never = result;
          throw new Error(`embedded-mongo: unknown update result ${String(unknown)}`);
        }
      }
    },
  });
  await context.engine.durable();
  return withWriteErrors({ n, nModified, ...(upserted.length > 0 ? { upserted } : {}) }, writeErrors);
}

type DeleteCommandStatement = { q?: Document; limit?: number };

/** `delete`: removes the first (`limit: 1`) or every (`limit: 0`) matching document. */
export async function deleteCommand(command: Document, context: CommandContext): Promise<Document> {
  const collection = context.engine.collection(context.db, collectionName(command, 'delete'));
  let n = 0;
  const writeErrors = await eachStatement({
    statements: (command.deletes ?? []) as DeleteCommandStatement[],
    ordered: command.ordered !== false,
    run: async (statement) => {
      n += await deleteStatement({ collection, filter: statement.q ?? {}, multi: statement.limit !== 1 });
    },
  });
  await context.engine.durable();
  return withWriteErrors({ n }, writeErrors);
}

/**
 * The context mongod puts before an error raised while findAndModify's plan runs, i.e. while it
 * updates, upserts or deletes the document (write_ops_exec.cpp, `advanceExecutor`, MongoDB 7/8).
 */
const FIND_AND_MODIFY_CONTEXT = 'Plan executor error during findAndModify';

/** Runs the update or upsert of a findAndModify, whose update `checkUpdateSyntax` has already parsed. */
function withFindAndModifyContext<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asMongoCommandError(error).withContext(FIND_AND_MODIFY_CONTEXT);
  }
}

/** `findAndModify`: update (with `new`, `upsert`, `sort`, `fields`) or remove one document atomically. */
export async function findAndModifyCommand(command: Document, context: CommandContext): Promise<Document> {
  const name = collectionName(command, 'findAndModify' in command ? 'findAndModify' : 'findandmodify');
  const collection = context.engine.collection(context.db, name);
  const query = (command.query ?? {}) as Document;
  const projection = command.fields as Document | undefined;
  const project = (doc: Document | undefined) => (doc ? projectDocument(doc, projection) : null);
  // mongod parses the update before it looks for the document, so a malformed one is refused even when nothing matches.
  if (command.remove !== true && command.update !== undefined) {
    if (Array.isArray(command.update) && command.arrayFilters !== undefined)
      throw new MongoCommandError('FailedToParse', 'Cannot specify arrayFilters and a pipeline update');
    checkUpdateSyntax({ spec: command.update as UpdateSpec, arrayFilters: command.arrayFilters as Document[] | undefined });
  }
  const { docs } = await selectDocuments(collection, { filter: query, sort: command.sort as Document | undefined, limit: 1 });
  const found = collection && docs[0] ? stillMatching({ collection, doc: docs[0], filter: query }) : undefined;
  if (command.remove === true) {
    if (found) collection?.delete(found._id);
    await context.engine.durable();
    return { lastErrorObject: { n: found ? 1 : 0 }, value: project(found), ok: 1 };
  }
  if (command.update === undefined) throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified');
  const spec = command.update as UpdateSpec;
  const arrayFilters = command.arrayFilters as Document[] | undefined;
  if (found) {
    const outcome = withFindAndModifyContext(() => {
      const applied = applyUpdate({ doc: found, spec, arrayFilters, query });
      const growth = updateGrowthBound(spec, context.messageBytes);
      if (applied.modified) collection?.replace({ previous: found, next: applied.doc, operationType: updateOperationType(spec), growth });
      return applied;
    });
    await context.engine.durable();
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(command.new === true ? outcome.doc : found), ok: 1 };
  }
  if (command.upsert === true) {
    const doc = withFindAndModifyContext(() => {
      const upserted = buildUpsertDocument({ query, spec, arrayFilters });
      context.engine.ensureCollection(context.db, name).insert(upserted, upsertedSizeBound(upserted, updateGrowthBound(spec, context.messageBytes)));
      return upserted;
    });
    await context.engine.durable();
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: command.new === true ? project(doc) : null, ok: 1 };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
}

import { EJSON, Long, type Document } from 'bson';
import { isPlainDocument } from '../document-path.js';
import { bsonTypeName } from '../bson-type-name.js';
import type { CommandContext } from '../command-context.js';
import { asMongoCommandError, MongoCommandError } from '../errors.js';
import { deleteStatement, insertStatement, updateStatement, type UpdateStatement, type UpdateStatementResult, type WriteTarget } from '../write-statements.js';
import { MAX_WRITE_BATCH_SIZE } from './admin-commands.js';

/** The namespace MongoDB gives the (always exhausted) cursor of a `bulkWrite` reply. */
const BULK_WRITE_CURSOR_NS = 'admin.$cmd.bulkWrite';

/** The three op forms; an op names its form by its first field, as mongod's parser reads it. */
type OpKind = 'insert' | 'update' | 'delete';

/** The fields each op form must have, and the BSON type each must be. */
const REQUIRED_OP_FIELDS: Readonly<Record<OpKind, ReadonlyArray<readonly [field: string, type: 'object' | 'objectOrArray']>>> = {
  insert: [['document', 'object']],
  update: [
    ['filter', 'object'],
    ['updateMods', 'objectOrArray'],
  ],
  delete: [['filter', 'object']],
};

/** Optional op fields that must be booleans when present. */
const BOOLEAN_OP_FIELDS = ['multi', 'upsert'] as const;

function missingField(path: string): MongoCommandError {
  return new MongoCommandError('Location40414', `BSON field '${path}' is missing but a required field`);
}

function wrongType(input: { path: string; value: unknown; expected: string }): MongoCommandError {
  return new MongoCommandError(
    'TypeMismatch',
    `BSON field '${input.path}' is the wrong type '${bsonTypeName(input.value)}', expected type '${input.expected}'`,
  );
}

function requiredArray(command: Document, field: 'ops' | 'nsInfo'): unknown[] {
  const value = command[field];
  if (value === undefined) throw missingField(`bulkWrite.${field}`);
  if (!Array.isArray(value)) throw wrongType({ path: `bulkWrite.${field}`, value, expected: 'array' });
  return value;
}

function optionalBoolean(input: { document: Document; field: string; path: string; fallback: boolean }): boolean {
  const value = input.document[input.field];
  if (value === undefined) return input.fallback;
  if (typeof value !== 'boolean') throw wrongType({ path: input.path, value, expected: 'bool' });
  return value;
}

/** An op's form, from its first field; anything else is mongod's unknown-field error. */
function opKind(op: Document): OpKind {
  let first = '';
  for (const key in op) {
    first = key;
    break;
  }
  if (first === 'insert' || first === 'update' || first === 'delete') return first;
  throw new MongoCommandError('Location40415', `BSON field 'bulkWrite.ops.${first}' is an unknown field.`);
}

/** Checks one op's shape (mongod refuses the whole command for a malformed op, before any write). */
function validateOp(input: { op: unknown; namespaces: number }): void {
  const { op } = input;
  if (!isPlainDocument(op)) throw wrongType({ path: 'bulkWrite.ops', value: op, expected: 'object' });
  const kind = opKind(op);
  const nsIndex = op[kind];
  if (typeof nsIndex !== 'number' || !Number.isInteger(nsIndex)) throw wrongType({ path: `bulkWrite.ops.${kind}`, value: nsIndex, expected: 'int' });
  for (const [field, type] of REQUIRED_OP_FIELDS[kind]) {
    const value = op[field];
    if (value === undefined) throw missingField(`bulkWrite.ops.${field}`);
    const fits = isPlainDocument(value) || (type === 'objectOrArray' && Array.isArray(value));
    if (!fits) throw wrongType({ path: `bulkWrite.ops.${field}`, value, expected: type === 'object' ? 'object' : 'object, array' });
  }
  for (const field of BOOLEAN_OP_FIELDS) {
    const value = op[field];
    if (value !== undefined && typeof value !== 'boolean') throw wrongType({ path: `bulkWrite.ops.${field}`, value, expected: 'bool' });
  }
  if (nsIndex < 0 || nsIndex >= input.namespaces) {
    throw new MongoCommandError('BadValue', `BulkWrite ops entry ${EJSON.stringify(op, { relaxed: true })} has an invalid nsInfo index.`);
  }
}

/** The collections of `nsInfo`, in its order; a namespace must be `<db>.<collection>`. */
function writeTargets(nsInfo: unknown[], context: CommandContext): WriteTarget[] {
  return nsInfo.map((entry) => {
    if (!isPlainDocument(entry)) throw wrongType({ path: 'bulkWrite.nsInfo', value: entry, expected: 'object' });
    const ns = entry.ns;
    if (ns === undefined) throw missingField('bulkWrite.nsInfo.ns');
    if (typeof ns !== 'string') throw wrongType({ path: 'bulkWrite.nsInfo.ns', value: ns, expected: 'string' });
    const dot = ns.indexOf('.');
    if (dot <= 0 || dot === ns.length - 1) throw new MongoCommandError('InvalidNamespace', `Invalid namespace specified for bulkWrite: '${ns}'`);
    return { engine: context.engine, db: ns.slice(0, dot), collection: ns.slice(dot + 1), messageBytes: context.messageBytes };
  });
}

/** A failed op's cursor entry, in mongod's field order: the error and its extra fields, then the counts. */
function failureEntry(input: { idx: number; kind: OpKind; error: unknown }): Document {
  const failure = asMongoCommandError(input.error);
  const entry: Document = { ok: 0, idx: input.idx, code: failure.code, errmsg: failure.message };
  Object.assign(entry, failure.extra);
  entry.n = 0;
  if (input.kind === 'update') entry.nModified = 0;
  return entry;
}

/** A `bulkWrite` command whose every op has been checked: the ops, the collections they name by index, and the options. */
interface CheckedBulkWrite {
  ops: Document[];
  targets: WriteTarget[];
  ordered: boolean;
  errorsOnly: boolean;
}

/**
 * The command's options and every op checked before anything is written, as mongod refuses the whole
 * command for one malformed op.
 */
function checkedBulkWrite(command: Document, context: CommandContext): CheckedBulkWrite {
  if (context.db !== 'admin') throw new MongoCommandError('Unauthorized', 'bulkWrite may only be run against the admin database.');
  const ops = requiredArray(command, 'ops');
  const nsInfo = requiredArray(command, 'nsInfo');
  const ordered = optionalBoolean({ document: command, field: 'ordered', path: 'bulkWrite.ordered', fallback: true });
  const errorsOnly = optionalBoolean({ document: command, field: 'errorsOnly', path: 'bulkWrite.errorsOnly', fallback: false });
  if (ops.length === 0 || ops.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoCommandError('InvalidLength', `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${ops.length} operations.`);
  }
  const targets = writeTargets(nsInfo, context);
  for (const op of ops) validateOp({ op, namespaces: targets.length });
  return { ops: ops as Document[], targets, ordered, errorsOnly };
}

/** The reply as the ops run: one cursor entry per op (only the failed ones with `errorsOnly`), and the totals. */
class BulkWriteReply {
  private readonly firstBatch: Document[] = [];
  private nErrors = 0;
  private nInserted = 0;
  private nMatched = 0;
  private nModified = 0;
  private nUpserted = 0;
  private nDeleted = 0;

  constructor(private readonly errorsOnly: boolean) {}

  inserted(idx: number): void {
    this.nInserted += 1;
    if (!this.errorsOnly) this.firstBatch.push({ ok: 1, idx, n: 1 });
  }

  updated(idx: number, result: UpdateStatementResult): void {
    switch (result.kind) {
      case 'matched':
        this.nMatched += result.n;
        this.nModified += result.nModified;
        if (!this.errorsOnly) this.firstBatch.push({ ok: 1, idx, n: result.n, nModified: result.nModified });
        break;
      case 'upserted':
        this.nUpserted += 1;
        if (!this.errorsOnly) this.firstBatch.push({ ok: 1, idx, n: 1, nModified: 0, upserted: { _id: result.id } });
        break;
      default: {
        const unknown: never = result;
        throw new Error(`embedded-mongo: unknown update result ${String(unknown)}`);
      }
    }
  }

  deleted(idx: number, n: number): void {
    this.nDeleted += n;
    if (!this.errorsOnly) this.firstBatch.push({ ok: 1, idx, n });
  }

  failed(failure: { idx: number; kind: OpKind; error: unknown }): void {
    this.nErrors += 1;
    this.firstBatch.push(failureEntry(failure));
  }

  /** The reply document, in mongod's field order. */
  document(): Document {
    return {
      cursor: { id: Long.ZERO, firstBatch: this.firstBatch, ns: BULK_WRITE_CURSOR_NS },
      nErrors: this.nErrors,
      nInserted: this.nInserted,
      nMatched: this.nMatched,
      nModified: this.nModified,
      nUpserted: this.nUpserted,
      nDeleted: this.nDeleted,
      ok: 1,
    };
  }
}

/** An update op as the statement `updateStatement` runs. */
function updateOpStatement(op: Document): UpdateStatement {
  return {
    filter: op.filter as Document,
    spec: op.updateMods as Document | Document[],
    multi: op.multi === true,
    upsert: op.upsert === true,
    arrayFilters: op.arrayFilters as Document[] | undefined,
    sort: op.sort as Document | undefined,
  };
}

/**
 * `bulkWrite` (MongoDB 8.0's client-level command, admin database only): inserts, updates and deletes
 * across collections of any databases in one command. `ops` name their collection by index into
 * `nsInfo`. The reply is an exhausted cursor with one entry per op that ran (only the failed ones
 * with `errorsOnly`), plus the totals. Ordered (the default) stops at the first failing op.
 * @example await bulkWriteCommand({ bulkWrite: 1, ops: [{ update: 0, filter: { _id: 1, version: 3 }, updateMods: { $set: { version: 4 } } }], nsInfo: [{ ns: 'app.records' }], $db: 'admin' }, context)
 */
export async function bulkWriteCommand(command: Document, context: CommandContext): Promise<Document> {
  const { ops, targets, ordered, errorsOnly } = checkedBulkWrite(command, context);
  const reply = new BulkWriteReply(errorsOnly);
  // Each op is awaited here rather than in a helper: an async helper would add a promise per op on the api's hot write path.
  for (let idx = 0; idx < ops.length; idx++) {
    const op = ops[idx] as Document;
    const kind = opKind(op);
    const target = targets[op[kind] as number] as WriteTarget;
    try {
      switch (kind) {
        case 'insert':
          insertStatement({
            collection: context.engine.ensureCollection(target.db, target.collection),
            doc: op.document as Document,
            messageBytes: context.messageBytes,
          });
          reply.inserted(idx);
          break;
        case 'update':
          reply.updated(idx, await updateStatement(target, updateOpStatement(op)));
          break;
        case 'delete':
          reply.deleted(
            idx,
            await deleteStatement({
              collection: context.engine.collection(target.db, target.collection),
              filter: op.filter as Document,
              multi: op.multi === true,
            }),
          );
          break;
        default: {
          const unknown: never = kind;
          throw new Error(`embedded-mongo: unknown bulkWrite op ${String(unknown)}`);
        }
      }
    } catch (error) {
      reply.failed({ idx, kind, error });
      if (ordered) break;
    }
  }
  await context.engine.durable();
  return reply.document();
}

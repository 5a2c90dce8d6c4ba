import type { Document } from 'bson';

/** The MongoDB error codes this store answers with; names are MongoDB's `codeName`s. */
const MONGO_ERROR_CODES = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  CommandNotFound: 59,
  CommandNotSupported: 115,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationNotSupportedInTransaction: 263,
  /** A change stream cannot resume: the change log no longer holds (or never held) its position. */
  ChangeStreamHistoryLost: 286,
  /** A change stream's pipeline removed or changed a change document's `_id` (its resume token). */
  ChangeStreamFatalError: 280,
  /** A BSON object in a message is over 16 MiB + 16 KiB, refused before the command runs. */
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  Location16410: 16410,
  /** An update would make a document larger than 16 MiB (MongoDB 6.0–8.0's code; newer ones say BSONObjectTooLarge). */
  Location17419: 17419,
  /** An upsert would insert a document larger than 16 MiB. */
  Location17420: 17420,
  /** A required field of a command is missing (mongod's IDL parser). */
  Location40414: 40414,
  /** A command has a field it does not know (mongod's IDL parser). */
  Location40415: 40415,
} as const;

/** One of the closed set of error names above. */
export type MongoErrorName = keyof typeof MONGO_ERROR_CODES;

/**
 * A command failure with the shape MongoDB sends (`ok: 0`, `code`, `codeName`, `errmsg`, extra fields).
 * @example throw new MongoCommandError('CommandNotFound', "no such command: 'xyz'")
 */
export class MongoCommandError extends Error {
  readonly code: number;

  constructor(
    readonly codeName: MongoErrorName,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
    this.code = MONGO_ERROR_CODES[codeName];
  }

  /**
   * The same error with a context before its message, as mongod's `Status::withContext` words it.
   * @example error.withContext('Plan executor error during findAndModify') // "Plan executor error during findAndModify :: caused by :: …"
   */
  withContext(context: string): MongoCommandError {
    return new MongoCommandError(this.codeName, `${context} :: caused by :: ${this.message}`, this.extra);
  }

  /** The reply document for a failed command. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The entry for a `writeErrors` array. */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

/**
 * Wraps anything thrown while evaluating a query, update or pipeline (mingo's errors) as a MongoDB error.
 * @example throw asMongoCommandError(new Error('unknown operator $foo'))
 */
export function asMongoCommandError(error: unknown): MongoCommandError {
  if (error instanceof MongoCommandError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // mingo words these two update failures almost as MongoDB does (a final period, a small first
  // letter); give them MongoDB's codes and words. Other update failures of mingo get theirs below.
  if (message.includes('would modify the immutable field')) return new MongoCommandError('ImmutableField', message.replace(/\.$/, ''));
  if (message.includes('would create a conflict')) return new MongoCommandError('ConflictingUpdateOperators', message.replace(/^updating/, 'Updating'));
  const unknownOperator = /^Unknown update operator: '(\$\w*)'/.exec(message);
  if (unknownOperator)
    return new MongoCommandError(
      'FailedToParse',
      `Unknown modifier: ${unknownOperator[1]}. Expected a valid update modifier or pipeline-style update specified as an array`,
    );
  // mingo's words for a positional `$` the query gives no match for; MongoDB's are these.
  if (message.includes("for '.$' as part of the query document"))
    return new MongoCommandError('BadValue', 'The positional operator did not find the match needed from the query.');
  return new MongoCommandError('BadValue', message);
}

import { ValidationFailedError } from '../errors';

/** The cursor format: bump it when what follows the prefix changes, so old cursors are refused, not misread. */
const CURSOR_FORMAT = 'c1';

/**
 * The opaque cursor of a document in one list: base64url of `c1:<list>:<id>`. Clients pass it back as it is;
 * the list name keeps a cursor of one list from being taken as a position in another.
 * @example pageCursor({ list: 'users', id: '6650…' }) // → 'YzE6dXNlcnM6NjY1MOKApg'
 */
export function pageCursor(input: { list: string; id: string }): string {
  return Buffer.from(`${CURSOR_FORMAT}:${input.list}:${input.id}`, 'utf8').toString('base64url');
}

/**
 * The id a cursor of `list` stands for, or ValidationFailed (code `cursor`) at `pointer` when it is not one:
 * not base64url, another format, another list's, or empty.
 * @example cursorId({ list: 'users', cursor: pageCursor({ list: 'users', id: 'u1' }), pointer: '/after' }) // → 'u1'
 */
export function cursorId(input: { list: string; cursor: string; pointer: string }): string {
  const { list, cursor, pointer } = input;
  const refuse = (why: string): never => {
    throw cursorRefusal({ pointer, why });
  };
  // Node decodes base64url leniently (it skips characters that do not belong), so a cursor is only taken if it is
  // exactly the encoding of what it decodes to.
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor === '' || Buffer.from(text, 'utf8').toString('base64url') !== cursor) refuse('is not a cursor');
  const [format, ...rest] = text.split(':');
  if (format !== CURSOR_FORMAT || rest.length < 2) refuse('is not a cursor');
  const prefix = `${CURSOR_FORMAT}:${list}:`;
  if (!text.startsWith(prefix)) refuse(`is a cursor of another list (${rest[0]}), not of ${list}`);
  const id = text.slice(prefix.length);
  if (id === '') refuse('is not a cursor');
  return id;
}

/**
 * The refusal of a cursor at `pointer` (ValidationFailed, code `cursor`): `why` it is not one, and what to pass instead.
 * @example throw cursorRefusal({ pointer: '/after', why: 'is not a cursor' })
 */
export function cursorRefusal(input: { pointer: string; why: string }): ValidationFailedError {
  return new ValidationFailedError([
    {
      severity: 'error',
      code: 'cursor',
      pointer: input.pointer,
      message: `${input.why}; pass a cursor this list returned (an edge's cursor, startCursor or endCursor)`,
    },
  ]);
}

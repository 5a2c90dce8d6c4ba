import { escapePointer, type Diagnostic } from '@funnel/schemas';
import type { ApiConfig } from './config';

/** The limits an input is checked against (ApiConfig's, docs/api.md "Limits"). */
export type InputLimits = Pick<ApiConfig, 'maxJsonDepth' | 'maxJsonNodes' | 'maxJsonStringLength' | 'maxJsonKeyLength'>;

/**
 * A key that no JSON object may have: copied with `target[key] = value` anywhere (a spread into a class, a merge,
 * ajv's defaults), it sets the copy's prototype instead of a field, so the value would not be stored as sent.
 */
const RESERVED_KEY = '__proto__';

const violation = (code: string, pointer: string, message: string): Diagnostic => ({ severity: 'error', code, pointer, message });

/**
 * Why a string input is refused, or null: text that is not well-formed Unicode (a lone surrogate cannot be stored
 * as sent) or longer than `max` UTF-16 code units. `what` names the input in the message.
 * @example stringViolation({ value: 'Ann\ud800', pointer: '/name', max: 200, what: 'CreateUserInput.name' }) // invalid_unicode at /name
 */
export function stringViolation(input: { value: string; pointer: string; max: number; what: string }): Diagnostic | null {
  const { value, pointer, max, what } = input;
  if (value.length > max) return violation('too_long', pointer, `${what} is ${value.length} characters long; at most ${max} are accepted`);
  const lone = firstLoneSurrogate(value);
  if (lone >= 0) return violation('invalid_unicode', pointer, `${what} is not valid Unicode text: a lone surrogate at character ${lone}`);
  return null;
}

/** Where the first UTF-16 surrogate without its pair is, or -1 (String.prototype.isWellFormed is newer than Node 20's TypeScript lib). */
function firstLoneSurrogate(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const high = unit >= 0xd800 && unit <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (high && next >= 0xdc00 && next <= 0xdfff) i++;
    else if (high || (unit >= 0xdc00 && unit <= 0xdfff)) return i;
  }
  return -1;
}

/**
 * The first place where a JSON value crosses a limit, or null: nested deeper than `maxJsonDepth` objects and arrays,
 * more than `maxJsonNodes` values in all, a string or key too long or not valid Unicode, or a `__proto__` key.
 * It walks with its own stack, so a value nested 10,000 levels is refused, not a stack overflow.
 * @example jsonViolation({ value: { a: { b: 1 } }, pointer: '/fields', limits: { ...limits, maxJsonDepth: 1 } }) // too_deep at /fields/a
 */
export function jsonViolation(input: { value: unknown; pointer: string; what: string; limits: InputLimits }): Diagnostic | null {
  const { limits, what } = input;
  const stack: { value: unknown; pointer: string; depth: number }[] = [{ value: input.value, pointer: input.pointer, depth: 0 }];
  let nodes = 0;
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, pointer } = item;
    nodes++;
    if (nodes > limits.maxJsonNodes)
      return violation(
        'too_large',
        pointer,
        `${what} has more than ${limits.maxJsonNodes} values (objects, arrays, strings, numbers…); at most ${limits.maxJsonNodes} are accepted`,
      );
    if (typeof value === 'string') {
      const bad = stringViolation({ value, pointer, max: limits.maxJsonStringLength, what: `The string at ${pointer || '/'}` });
      if (bad) return bad;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > limits.maxJsonDepth) return violation('too_deep', pointer, `${what} nests objects and arrays more than ${limits.maxJsonDepth} deep`);
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const children = entries.map(([key, child]) => ({ key, value: child, pointer: `${pointer}/${escapePointer(key)}`, depth }));
    if (!Array.isArray(value)) {
      for (const { key, pointer: keyPointer } of children) {
        if (key === RESERVED_KEY) return violation('reserved_key', keyPointer, `${what} has a "${RESERVED_KEY}" key, which cannot be stored as plain data`);
        const bad = stringViolation({ value: key, pointer: keyPointer, max: limits.maxJsonKeyLength, what: `The key at ${keyPointer}` });
        if (bad) return bad;
      }
    }
    // Pushed in reverse, so values are visited (and counted) in the order they were sent.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as (typeof children)[number]);
  }
  return null;
}

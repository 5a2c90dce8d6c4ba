import type { ErrorObject } from 'ajv';
import { CURRENCY_PATTERN, DURATION_PATTERN, KEY_PATTERN } from './definition-schema';
import type { Diagnostic } from './errors';

/**
 * Turns one ajv error into a diagnostic a person can act on, located by a JSON pointer.
 * @example formatAjvError({ instancePath: '/stages/0', keyword: 'required', params: { missingProperty: 'phase' } })
 *   // → { pointer: '/stages/0/phase', message: '"phase" is required here' }
 */
export function formatAjvError(error: ErrorObject, subject = 'value'): Diagnostic {
  const at = error.instancePath || '';
  const p = error.params as Record<string, unknown>;
  const diagnostic = (pointer: string, message: string): Diagnostic => ({
    severity: 'error',
    code: `schema.${error.keyword}`,
    pointer,
    message,
  });
  switch (error.keyword) {
    case 'required':
      return diagnostic(`${at}/${escapePointer(String(p.missingProperty))}`, `"${String(p.missingProperty)}" is required here`);
    case 'additionalProperties':
      return diagnostic(`${at}/${escapePointer(String(p.additionalProperty))}`, `"${String(p.additionalProperty)}" is not a known property of this ${subject}`);
    case 'type':
      return diagnostic(at, `must be of type ${String(p.type)}`);
    case 'enum':
      return diagnostic(at, `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'const':
      return diagnostic(at, `must be ${JSON.stringify(p.allowedValue)}`);
    case 'pattern':
      return diagnostic(at, patternMessage(String(p.pattern)));
    case 'format':
      return diagnostic(at, `must be a valid ${String(p.format)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return diagnostic(at, `must be ${String(p.comparison)} ${String(p.limit)}`);
    case 'minItems':
      return diagnostic(at, `must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return diagnostic(at, `must have at most ${String(p.limit)} items`);
    case 'maxProperties':
      return diagnostic(at, `must have at most ${String(p.limit)} entries`);
    case 'uniqueItems':
      return diagnostic(at, `must not repeat items (items ${String(p.j)} and ${String(p.i)} are the same)`);
    case 'minLength':
      return diagnostic(at, p.limit === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long`);
    case 'discriminator':
      return diagnostic(`${at}/${escapePointer(String(p.tag))}`, discriminatorMessage(error));
    case 'maxLength':
      return diagnostic(at, `must be at most ${String(p.limit)} characters long`);
    default:
      return diagnostic(at, error.message ?? `fails ${error.keyword}`);
  }
}

// ajv's own text ("value of tag \"type\" must be in oneOf") names no allowed value; list them.
function discriminatorMessage(error: ErrorObject): string {
  const p = error.params as { tag: string; tagValue: unknown };
  const variants = ((error.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] })?.oneOf ?? [])
    .map((variant) => variant.properties?.[p.tag]?.const)
    .filter((value) => value !== undefined);
  const allowed = variants.map((v) => JSON.stringify(v)).join(', ');
  if (p.tagValue === undefined) return `"${p.tag}" is required here; it must be one of ${allowed}`;
  return `${JSON.stringify(p.tagValue)} is not a known ${p.tag}; it must be one of ${allowed}`;
}

function patternMessage(pattern: string): string {
  if (pattern === DURATION_PATTERN) return 'must be an ISO-8601 duration such as P7D (7 days) or PT12H (12 hours)';
  if (pattern === KEY_PATTERN) {
    return 'must be a key: lower-case letters, digits and underscores, starting with a letter';
  }
  if (pattern === CURRENCY_PATTERN) return 'must be a three-letter ISO 4217 currency code such as USD';
  return `must match the pattern ${pattern}`;
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

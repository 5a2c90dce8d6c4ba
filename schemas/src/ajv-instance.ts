import Ajv, { type Options } from 'ajv';
import type { RegExpEngine } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { CURRENCY_PATTERN } from './definition-schema';
import { re2RegExp } from './tenant-pattern';

/**
 * A phone number as people type it: digits with spaces, dashes, dots, parentheses and a leading +.
 * @example PHONE_PATTERN.test('+1 (555) 010-0100') // → true
 */
const PHONE_PATTERN = /^\+?[0-9 ()\-.]{6,24}$/;

const OPTIONS: Options = { allErrors: true, strict: false, allowUnionTypes: true, discriminator: true, verbose: true };

function withFunnelFormats(instance: Ajv): Ajv {
  addFormats(instance);
  instance.addFormat('phone', PHONE_PATTERN);
  instance.addFormat('currency', new RegExp(CURRENCY_PATTERN));
  return instance;
}

/**
 * The ajv instance for Funnel's own schemas (the definition schema, whose duration pattern uses lookaheads):
 * every error reported, standard formats known, and Funnel's own formats (phone, currency) added.
 * @example ajv.validate({ type: 'string', format: 'phone' }, '+1 555 0100') // → true
 */
export const ajv = withFunnelFormats(new Ajv(OPTIONS));

/**
 * The ajv instance for schemas a tenant writes (a definition's record fields): the same, except that every
 * `pattern` runs on RE2 semantics in linear time (re2RegExp), never on the backtracking RegExp engine.
 * @example tenantAjv.validate({ type: 'string', pattern: '^(a+)+$' }, 'a'.repeat(9000) + '!') // → false, at once
 */
export const tenantAjv = withFunnelFormats(new Ajv({ ...OPTIONS, code: { regExp: re2Engine() } }));

function re2Engine(): RegExpEngine {
  // `code` names the engine in ajv's standalone output, which Funnel does not generate.
  return Object.assign((pattern: string) => re2RegExp(pattern), { code: 'require("@funnel/schemas").re2RegExp' });
}

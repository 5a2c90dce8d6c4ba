import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { CURRENCY_PATTERN } from './definition-schema';

/**
 * A phone number as people type it: digits with spaces, dashes, dots, parentheses and a leading +.
 * @example PHONE_PATTERN.test('+1 (555) 010-0100') // → true
 */
export const PHONE_PATTERN = /^\+?[0-9 ()\-.]{6,24}$/;

/**
 * The one ajv instance of the schemas package: every error reported, standard
 * formats known, and Funnel's own formats (phone, currency) added.
 * @example ajv.validate({ type: 'string', format: 'phone' }, '+1 555 0100') // → true
 */
export const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, discriminator: true, verbose: true });
addFormats(ajv);
ajv.addFormat('phone', PHONE_PATTERN);
ajv.addFormat('currency', new RegExp(CURRENCY_PATTERN));

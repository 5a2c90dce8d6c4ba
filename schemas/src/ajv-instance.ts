import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** A phone number as people type it: digits with spaces, dashes, dots, parentheses and a leading +. */
export const PHONE_PATTERN = /^\+?[0-9 ()\-.]{6,24}$/;

/**
 * The one ajv instance of the schemas package: every error reported, standard
 * formats known, and Funnel's own formats (phone, currency) added.
 */
export const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, discriminator: true, verbose: true });
addFormats(ajv);
ajv.addFormat('phone', PHONE_PATTERN);
ajv.addFormat('currency', /^[A-Z]{3}$/);

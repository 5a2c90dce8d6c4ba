import type { WorkflowDefinition } from '@funnel/schemas';
import type { FunnelRecord } from './record';

/**
 * A record's contact, normalized for duplicate detection: who it is, however it was typed.
 * @example { email: 'ann@x.com', phone: '49301234', company: 'acme inc' }
 */
export interface ContactKeys {
  email?: string;
  phone?: string;
  company?: string;
}

const COMPANY_FIELDS = ['companyName', 'company'];
/** Punctuation and symbols, in any script ("Acme, Inc.", "阿里巴巴（中国）", "Smith & Sons"). */
const PUNCTUATION = /[\p{P}\p{S}]/gu;
/** Marks inside a word: abbreviations and elisions ("A.C.M.E.", "O'Brien") read as the word without them. */
const IN_WORD_MARKS = /['’.]/g;

/** How a phone and a company become keys (email is always lower-cased). */
interface KeyRules {
  phone: (value: string) => string;
  company: (value: string) => string;
}

/**
 * The rules: a phone is its digits, with the international call prefix 00 read as "+" (`0049 30 1234` is
 * `+49 30 1234`); a company is lower-cased, marks inside words dropped, other punctuation read as a space and
 * spaces collapsed, so `Acme, Inc.`, `ACME INC` and `Acme Inc.` are one company (the legal form itself is kept:
 * `Acme` and `Acme Inc` may be two).
 */
const KEY_RULES: KeyRules = {
  phone: (value) => {
    const digits = value.replace(/\D/g, '');
    return !value.trim().startsWith('+') && digits.startsWith('00') ? digits.slice(2) : digits;
  },
  company: (value) => value.toLowerCase().replace(IN_WORD_MARKS, '').replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim(),
};

/**
 * The rules before 00 ≡ + and punctuation-free companies. A record stored before still carries keys made this
 * way until the backfill rewrites them (`ContactKeyBackfill`); lookups try them too meanwhile (`contactKeyLookups`).
 */
const RULES_BEFORE_PUNCTUATION: KeyRules = {
  phone: (value) => value.replace(/\D/g, ''),
  company: (value) => value.trim().toLowerCase().replace(/\s+/g, ' '),
};

/**
 * The number of the rules `contactKeys` follows, stored with the keys as the record's `contactRules`: 1 for
 * `RULES_BEFORE_PUNCTUATION`, 2 for `KEY_RULES`. Raise it with any change of the rules: a process that starts
 * rewrites the keys of every record stored by older ones (`ContactKeyBackfill`).
 */
export const CONTACT_KEY_RULES = 2;

/** The keys of `fields` by `rules`: fields are found by format (`email`, `phone`) or by name (`companyName`, `company`). */
function keysBy(rules: KeyRules, definition: WorkflowDefinition, fields: Record<string, unknown>): ContactKeys {
  const keys: ContactKeys = {};
  for (const [name, spec] of Object.entries(definition.fields.properties)) {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') continue;
    if (spec.format === 'email' && !keys.email) keys.email = value.trim().toLowerCase();
    else if (spec.format === 'phone' && !keys.phone) {
      const phone = rules.phone(value);
      if (phone) keys.phone = phone;
    } else if (COMPANY_FIELDS.includes(name) && !keys.company) {
      const company = rules.company(value);
      if (company) keys.company = company;
    }
  }
  return keys;
}

/**
 * Normalized email, phone and company of a record's fields, for duplicate detection (see `KEY_RULES`).
 * @example contactKeys(def, { email: ' Ann@X.com ', phone: '0049 30 1234', companyName: 'Acme, Inc.' }) // → { email: 'ann@x.com', phone: '49301234', company: 'acme inc' }
 */
export function contactKeys(definition: WorkflowDefinition, fields: Record<string, unknown>): ContactKeys {
  return keysBy(KEY_RULES, definition, fields);
}

/**
 * Every stored key a record of the same contact may carry: the current key and, with `earlierRules` (while
 * records stored by older rules may be left: `ContactKeyBackfill.allCurrent`), the key of the rules before and
 * for a phone its 00 form (how those rules kept `0049…`; current keys never start with 00). A record stored as
 * `Acme, Inc.` before is thus found by `Acme, Inc.` until the backfill rewrites its key, and by `Acme Inc` after.
 * @example contactKeyLookups({ definition, fields: { phone: '+49 30 1234' }, earlierRules: true }).phone // → ['49301234', '0049301234']
 */
export function contactKeyLookups(input: { definition: WorkflowDefinition; fields: Record<string, unknown>; earlierRules: boolean }): {
  [K in keyof ContactKeys]-?: string[];
} {
  const { definition, fields } = input;
  const keys = contactKeys(definition, fields);
  if (!input.earlierRules) return { email: lookups(keys.email), phone: lookups(keys.phone), company: lookups(keys.company) };
  const before = keysBy(RULES_BEFORE_PUNCTUATION, definition, fields);
  return {
    email: lookups(keys.email),
    phone: lookups(keys.phone, before.phone, keys.phone === undefined ? undefined : `00${keys.phone}`),
    company: lookups(keys.company, before.company),
  };
}

/** The distinct keys given. */
function lookups(...values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/**
 * The contact keys a change leaves its record with, when they differ from the ones it had (else
 * undefined): written with the change itself, so the import finds a record by what it has now. "Differ"
 * by the rules before too: a record stored under them that the backfill has not reached yet carries their keys
 * (the change cannot tell: record reads leave the keys out), and `Acme, Inc.` → `ACME INC`, one key now, must
 * still replace its stored `acme, inc.` (no lookup finds that by `ACME INC`). The
 * engine copies only what it changes, so an untouched `fields` costs one reference check.
 * @example changedContactKeys(def, record, { ...record, fields: { ...record.fields, email: 'new@x.com' } }) // → { email: 'new@x.com', … }
 */
export function changedContactKeys(definition: WorkflowDefinition, before: FunnelRecord, after: FunnelRecord): ContactKeys | undefined {
  if (before.fields === after.fields) return undefined;
  const keys = contactKeys(definition, after.fields);
  const same = (a: ContactKeys, b: ContactKeys) => a.email === b.email && a.phone === b.phone && a.company === b.company;
  if (!same(keys, contactKeys(definition, before.fields))) return keys;
  return same(keysBy(RULES_BEFORE_PUNCTUATION, definition, after.fields), keysBy(RULES_BEFORE_PUNCTUATION, definition, before.fields)) ? undefined : keys;
}

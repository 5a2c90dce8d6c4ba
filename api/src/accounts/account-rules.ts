import type { Diagnostic } from '@funnel/schemas';
import { IANAZone } from 'luxon';

/**
 * The rules of account input, as diagnostics at the input's pointer: emails, tenant slugs, passwords, time zones.
 * Pure functions; services/ check with them before any write.
 */

const error = (pointer: string, code: string, message: string): Diagnostic => ({ severity: 'error', code, pointer, message });

/**
 * A mailbox as Funnel accepts one: no spaces or control characters, one `@`, a dot in the domain. Deliverability is
 * the invitation's test; this refuses what cannot be an address (and anything that could inject a mail header).
 */
const EMAIL = /^[^\s@<>()",;:\\[\]\p{Cc}]+@[^\s@<>()",;:\\[\]\p{Cc}]+\.[^\s@<>()",;:\\[\]\p{Cc}.]+$/u;

/**
 * An email as it is stored and looked up: trimmed and lower-cased, so "Ann@Example.com " and "ann@example.com" are
 * one account. Null when it is not an address.
 * @example normaliseEmail('  Ann@Example.COM ') // → 'ann@example.com'
 */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL.test(email) ? email : null;
}

/** The email at `pointer`, normalised, or the diagnostic that refuses it. */
export function checkEmail(raw: string, pointer = '/email'): { email: string } | { diagnostic: Diagnostic } {
  const email = normaliseEmail(raw);
  return email ? { email } : { diagnostic: error(pointer, 'format', 'give an email address such as ann@example.com') };
}

/** Lower-case letters and digits in groups joined by single hyphens, 2 to 40 characters. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MIN = 2;
const SLUG_MAX = 40;
/** What a name with no Latin letters or digits (销售部) becomes before it is made unique. */
const FALLBACK_SLUG = 'team';

/**
 * Refuses a slug that is not 2–40 lower-case letters, digits and single inner hyphens.
 * @example checkSlug('acme-sales') // → null
 */
export function checkSlug(slug: string, pointer = '/slug'): Diagnostic | null {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX || !SLUG.test(slug)) {
    return error(pointer, 'pattern', `use ${SLUG_MIN} to ${SLUG_MAX} lower-case letters, digits and hyphens (not at the start or end), such as acme-sales`);
  }
  return null;
}

/**
 * A slug made from a tenant's name: accents dropped, anything but letters and digits a hyphen, at most 40 characters
 * (a suffix that makes it unique is added by the caller within that length).
 * @example slugFromName('Café Müller & Söhne GmbH') // → 'cafe-muller-sohne-gmbh'
 */
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  return base.length >= SLUG_MIN ? base : FALLBACK_SLUG;
}

/**
 * The `attempt`th candidate for a slug taken already: the base with `-2`, `-3`… (shortened to fit 40 characters).
 * @example slugCandidate('acme', 2) // → 'acme-2'
 */
export function slugCandidate(base: string, attempt: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return `${base.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** NIST SP 800-63B: at least 8 characters; Funnel asks 10, and no composition rules (they make passwords worse, not stronger). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Refuses a password shorter than 10 characters (counted in code points, so 你好 counts 2) or with nothing but spaces.
 * Its longest is the `password` input length (256), checked before any resolver runs.
 * @example checkPassword('correct horse battery') // → null
 */
export function checkPassword(password: string, pointer = '/password'): Diagnostic | null {
  if ([...password].length < MIN_PASSWORD_LENGTH || password.trim() === '') {
    return error(pointer, 'too_short', `use at least ${MIN_PASSWORD_LENGTH} characters; a few words make a good password`);
  }
  return null;
}

/**
 * Refuses a time zone that is not an IANA name luxon knows (Europe/Berlin, Asia/Shanghai, UTC).
 * @example checkTimeZone('Mars/Olympus') // → { code: 'time_zone', pointer: '/timeZone', … }
 */
export function checkTimeZone(zone: string, pointer = '/timeZone'): Diagnostic | null {
  return IANAZone.isValidZone(zone) ? null : error(pointer, 'time_zone', 'give an IANA time zone such as Europe/Berlin or Asia/Shanghai');
}

/**
 * Refuses an availability that ends before it starts.
 * @example checkAvailability({ awayFrom: new Date(2), awayUntil: new Date(1) }) // → { code: 'range', pointer: '/availability/awayUntil', … }
 */
export function checkAvailability(availability: { awayFrom: Date; awayUntil: Date }, pointer = '/availability'): Diagnostic | null {
  return availability.awayUntil.getTime() < availability.awayFrom.getTime()
    ? error(`${pointer}/awayUntil`, 'range', 'the absence ends before it starts')
    : null;
}

/**
 * Whether giving `userId` the manager `managerId` closes a loop in the manager chain: the new manager is the user
 * or someone below them. `managerOf` is every user's current manager.
 * @example closesManagerLoop({ userId: 'a', managerId: 'b', managerOf: new Map([['b', 'a']]) }) // → true
 */
export function closesManagerLoop(input: { userId: string; managerId: string; managerOf: ReadonlyMap<string, string | null> }): boolean {
  const seen = new Set<string>();
  // Walk up from the new manager: reaching the user means the user would manage their own manager.
  for (let at: string | null | undefined = input.managerId; at; at = input.managerOf.get(at)) {
    if (at === input.userId) return true;
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return false;
}

import { ROLES, type Diagnostic, type Role } from '@funnel/schemas';
import { checkAvailability, checkEmail, checkTimeZone } from '../accounts/account-rules';
import { ValidationFailedError } from '../errors';
import type { Availability } from '../accounts/account-settings';

/** What an admin may say of a person, as sent (every field optional: an update names only what changes). */
export interface UserInput {
  name?: string | null;
  email?: string | null;
  roles?: readonly string[] | null;
  timeZone?: string | null;
  availability?: Availability | null;
}

/** The same, checked: a trimmed name, a normalised email, known roles. */
export interface CheckedUserInput {
  name?: string;
  email?: string;
  roles?: Role[];
  timeZone?: string;
  availability?: Availability | null;
}

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/**
 * Checks what an admin (or a person, of themselves) says of a user, every problem at once: a name not empty, an
 * email that is an address (normalised), at least one known role, an IANA time zone, an absence that ends after
 * it starts. Fields given as null or left out are not checked (and not returned).
 * @example checkUserInput({ name: ' Ann ', email: 'Ann@Acme.example', roles: ['sales'] }) // → { name: 'Ann', email: 'ann@acme.example', roles: ['sales'] }
 */
export function checkUserInput(input: UserInput): CheckedUserInput {
  const problems: Diagnostic[] = [];
  const checked: CheckedUserInput = {};
  if (input.name != null) {
    checked.name = input.name.trim();
    if (!checked.name) problems.push({ severity: 'error', code: 'required', pointer: '/name', message: 'name must not be empty' });
  }
  if (input.email != null) {
    const email = checkEmail(input.email);
    if ('diagnostic' in email) problems.push(email.diagnostic);
    else checked.email = email.email;
  }
  if (input.roles != null) {
    checked.roles = [...new Set(input.roles.filter(isRole))];
    if (checked.roles.length === 0) problems.push({ severity: 'error', code: 'required', pointer: '/roles', message: 'give at least one role' });
  }
  if (input.timeZone != null) {
    const problem = checkTimeZone(input.timeZone.trim());
    if (problem) problems.push(problem);
    else checked.timeZone = input.timeZone.trim();
  }
  if (input.availability !== undefined) {
    const problem = input.availability ? checkAvailability(input.availability) : null;
    if (problem) problems.push(problem);
    checked.availability = input.availability;
  }
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return checked;
}

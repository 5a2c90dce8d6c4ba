import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AccountField, type AccountProblem, accountProblems, MIN_PASSWORD_LENGTH } from '../api/account-problems';
import { retryWait } from '../model/retry-wait';

/** A form of the sign-in screens: whether it is sending, and each problem in the user's language at its field. */
export interface AccountForm {
  busy: boolean;
  /** What is wrong with a field (or, for `form`, with the whole), in words; null when nothing. */
  problemAt: (field: AccountField) => string | null;
  /** Whether the last answer had a problem of this kind (a page offers a way on for some: a new link). */
  has: (key: AccountProblem['key']) => boolean;
  /**
   * Shows `found` (the form's own checks: empty fields, passwords that differ) or else runs `send`, and shows what
   * its failure means.
   */
  submit: (input: { found: readonly AccountProblem[]; send: () => Promise<void> }) => Promise<void>;
}

/**
 * The state of an account form and its problems, said from their keys (never the api's English).
 * @example const form = useAccountForm(); form.problemAt('password') // → 'This password is too short: …' | null
 */
export function useAccountForm(): AccountForm {
  const { t, i18n } = useTranslation();
  const [problems, setProblems] = useState<readonly AccountProblem[]>([]);
  const [busy, setBusy] = useState(false);

  const say = (problem: AccountProblem): string => {
    if (problem.key === 'throttled')
      return t('problem.throttled', retryWait({ retryAfterMs: problem.retryAfterMs ?? 0, locale: i18n.language, now: Date.now() }));
    if (problem.key === 'passwordTooShort') return t('problem.passwordTooShort', { count: MIN_PASSWORD_LENGTH });
    return t(`problem.${problem.key}`);
  };
  const problemAt = (field: AccountField) => {
    const found = problems.filter((problem) => problem.field === field);
    return found.length > 0 ? [...new Set(found.map(say))].join(' ') : null;
  };
  const has = (key: AccountProblem['key']) => problems.some((problem) => problem.key === key);

  const submit = useCallback<AccountForm['submit']>(async ({ found, send }) => {
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      await send();
    } catch (error) {
      setProblems(accountProblems(error));
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, problemAt, has, submit };
}

/**
 * A `required` problem for each field left empty.
 * @example emptyFields({ workspace: 'acme', email: '' }) // → [{ field: 'email', key: 'required' }]
 */
export function emptyFields(values: Partial<Record<AccountField, string>>): AccountProblem[] {
  return Object.entries(values).flatMap(([field, value]) => (value?.trim() ? [] : [{ field: field as AccountField, key: 'required' as const }]));
}

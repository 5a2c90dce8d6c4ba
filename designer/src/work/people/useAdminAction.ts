import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AdminAnswer, answerProblems, type FieldProblem, requestProblems } from './refusal-problems';

/** An admin operation a form sends: busy while the api answers, and what it refused, said at each input. */
export interface AdminAction {
  busy: boolean;
  /** Sends it; the answer when it went through, null when it was refused (the problems are then set). */
  run: <A extends AdminAnswer>(send: () => Promise<A>) => Promise<A | null>;
  /** What is wrong with one input, in words, or null. */
  problemAt: (field: string) => string | null;
  /** What is wrong that none of `fields` shows (the form's own line). */
  problemElsewhere: (fields: readonly string[]) => string | null;
  clear: () => void;
}

/**
 * Runs admin mutations for a form and says their refusals in the reader's language, from the diagnostics' codes and
 * pointers (never the api's English): `problemAt('email')` under the email input, the rest above the button.
 * @example const action = useAdminAction(); const answer = await action.run(() => request(INVITE_USER, { input }));
 */
export function useAdminAction(): AdminAction {
  const { t } = useTranslation('people');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const say = (problem: FieldProblem) =>
    problem.code === 'failed' ? t('problem.failed', { reason: problem.reason ?? '' }) : t(`problem.${problem.code}`, { defaultValue: t('problem.invalid') });
  const joined = (found: FieldProblem[]) => (found.length > 0 ? [...new Set(found.map(say))].join(' ') : null);
  const run: AdminAction['run'] = async (send) => {
    setBusy(true);
    setProblems([]);
    try {
      const answer = await send();
      const refused = answerProblems(answer);
      setProblems(refused);
      return refused.length > 0 ? null : answer;
    } catch (error) {
      setProblems(requestProblems(error));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    run,
    problemAt: (field) => joined(problems.filter((problem) => problem.field === field)),
    problemElsewhere: (fields) => joined(problems.filter((problem) => !fields.includes(problem.field))),
    clear: () => setProblems([]),
  };
}

import { useTranslation } from 'react-i18next';
import type { AccountForm } from '../session/useAccountForm';
import { FormProblem } from './FormProblem';

export type Props = { form: AccountForm; label: string };

/** The end of an account form: what is wrong with it as a whole, then its button (busy while the api answers). */
export function FormSubmit({ form, label }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <FormProblem problem={form.problemAt('form')} />
      <button type="submit" disabled={form.busy}>
        {form.busy ? t('app.working') : label}
      </button>
    </>
  );
}

import { useTranslation } from 'react-i18next';

export type Props = { error: unknown };

/** An error from the api or the browser, said in words, in place of the content it stopped. */
export function ErrorMessage({ error }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="error-inline" role="alert">
      {t('error.prefix')} {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

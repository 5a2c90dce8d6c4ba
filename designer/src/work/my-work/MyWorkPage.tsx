import { useTranslation } from 'react-i18next';

export type Props = Record<string, never>;

/** TODO(work area): the myWork screen. */
export function MyWorkPage(_props: Props) {
  const { t } = useTranslation('myWork');
  return (
    <main className="work-page">
      <h1>{t('title')}</h1>
    </main>
  );
}

import { useTranslation } from 'react-i18next';

export type Props = { workflowKey: string | null; pipeline: string | null };

/** TODO(work area): the board screen. */
export function BoardPage(_props: Props) {
  const { t } = useTranslation('board');
  return (
    <main className="work-page">
      <h1>{t('title')}</h1>
    </main>
  );
}

import { useTranslation } from 'react-i18next';

export type Props = { workflowKey: string | null };

/** TODO(work area): the pool screen. */
export function PoolPage(_props: Props) {
  const { t } = useTranslation('pool');
  return (
    <main className="work-page">
      <h1>{t('title')}</h1>
    </main>
  );
}

import { useTranslation } from 'react-i18next';

export type Props = { recordId: string };

/** TODO(work area): the record screen. */
export function RecordPage(_props: Props) {
  const { t } = useTranslation('record');
  return (
    <main className="work-page">
      <h1>{t('title')}</h1>
    </main>
  );
}

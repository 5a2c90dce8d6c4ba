import { useTranslation } from 'react-i18next';
import { type ExportFilter, recordExportHref } from './record-export-href';
import '../imports/imports.css';

export type Props = { workflowKey: string; filter: ExportFilter };

/** "Export CSV": downloads the records the screen shows (its workflow and filters), titled in the reader's language. */
export function ExportCsvLink({ workflowKey, filter }: Props) {
  const { t, i18n } = useTranslation('exports');
  return (
    <a className="export-csv-link" href={recordExportHref({ workflowKey, locale: i18n.language, filter })} download data-testid="export-csv">
      {t('exportCsv')}
    </a>
  );
}

import type { FieldSpec } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import type { ColumnMapping } from './import-csv';

export type Props = {
  header: readonly string[];
  /** The first row under the header, shown as an example of each column. */
  example: readonly string[];
  mapping: ColumnMapping;
  properties: Record<string, FieldSpec>;
  onChange: (mapping: ColumnMapping) => void;
};

/** A column per row: its header, an example value, and the field it is imported as (or skipped), changeable. */
export function ColumnMappingTable({ header, example, mapping, properties, onChange }: Props) {
  const { t, i18n } = useTranslation('imports');
  const fields = Object.entries(properties);
  const set = (index: number, field: string | null) => onChange(mapping.map((current, at) => (at === index ? field : current)));
  return (
    <table className="import-table">
      <caption>{t('mapping.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('mapping.column')}</th>
          <th scope="col">{t('mapping.example')}</th>
          <th scope="col">{t('mapping.field')}</th>
        </tr>
      </thead>
      <tbody>
        {header.map((column, index) => (
          <tr key={index}>
            <th scope="row">{column}</th>
            <td>{example[index] ?? ''}</td>
            <td>
              <select
                aria-label={t('mapping.fieldFor', { column })}
                value={mapping[index] ?? ''}
                onChange={(event) => set(index, event.target.value || null)}
                data-testid={`import-map-${index}`}
              >
                <option value="">{t('mapping.skip')}</option>
                {fields.map(([key, spec]) => (
                  <option key={key} value={key}>
                    {spec.title ? localizedText(spec.title, i18n.language) : key}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

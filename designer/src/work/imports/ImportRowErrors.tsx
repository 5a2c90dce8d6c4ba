import type { FieldSpec } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import type { RowError } from './import-documents';
import { rowErrorWords } from './row-error-text';

export type Props = {
  errors: readonly RowError[];
  /** Errors counted past the listed ones. */
  leftOut: number;
  properties: Record<string, FieldSpec>;
};

/** The rows the api refuses (or refused): row number as the file numbers it, the field, and what is wrong. */
export function ImportRowErrors({ errors, leftOut, properties }: Props) {
  const { t, i18n } = useTranslation('imports');
  if (errors.length === 0) return <p>{t('errors.none')}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with the keyboard to scroll it.
    <div className="import-table-wrap" role="region" aria-label={t('errors.caption', { count: errors.length + leftOut })} tabIndex={0}>
      <table className="import-table" data-testid="import-errors">
        <caption>{t('errors.caption', { count: errors.length + leftOut })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('errors.row')}</th>
            <th scope="col">{t('errors.field')}</th>
            <th scope="col">{t('errors.message')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error, index) => {
            const words = rowErrorWords(error, properties, t, i18n.language);
            return (
              <tr key={index}>
                <th scope="row">{error.row}</th>
                <td>{words.field}</td>
                <td>{words.text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {leftOut > 0 ? <p>{t('errors.leftOut', { count: leftOut })}</p> : null}
    </div>
  );
}

type Duplicate = { row: number; by: 'email' | 'phone' | 'company'; earlierRow?: number | null };

/** The rows skipped as duplicates: by which contact key, and of an earlier row or a stored record. */
export function ImportDuplicates({ duplicates, leftOut }: { duplicates: readonly Duplicate[]; leftOut: number }) {
  const { t } = useTranslation('imports');
  if (duplicates.length === 0) return <p>{t('duplicates.none')}</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is reached with the keyboard to scroll it.
    <div className="import-table-wrap" role="region" aria-label={t('duplicates.caption', { count: duplicates.length + leftOut })} tabIndex={0}>
      <table className="import-table" data-testid="import-duplicates">
        <caption>{t('duplicates.caption', { count: duplicates.length + leftOut })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('errors.row')}</th>
            <th scope="col">{t('duplicates.by')}</th>
            <th scope="col">{t('duplicates.of')}</th>
          </tr>
        </thead>
        <tbody>
          {duplicates.map((duplicate) => (
            <tr key={duplicate.row}>
              <th scope="row">{duplicate.row}</th>
              <td>{t(`duplicates.key.${duplicate.by}`)}</td>
              <td>{duplicate.earlierRow ? t('duplicates.earlierRow', { row: duplicate.earlierRow }) : t('duplicates.stored')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {leftOut > 0 ? <p>{t('duplicates.leftOut', { count: leftOut })}</p> : null}
    </div>
  );
}

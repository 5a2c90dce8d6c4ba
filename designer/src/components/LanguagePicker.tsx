import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '@funnel/schemas';
import { setLocale } from '../i18n/i18n';

export type Props = Record<string, never>;

/** Switches between English, Simplified and Traditional Chinese at runtime. */
export function LanguagePicker(_props: Props) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      <span>{t('app.language')}</span>
      <select value={i18n.language} onChange={(event) => setLocale(event.target.value as Locale)} data-testid="language">
        {LOCALES.map((locale) => (
          <option key={locale} value={locale}>
            {t(`locale.${locale}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

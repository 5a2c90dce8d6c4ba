import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type LocalizedText } from '@funnel/schemas';

export type Props = { label: string; value: LocalizedText | undefined; onChange: (value: LocalizedText) => void; testId?: string };

/** One text in English (required), Simplified and Traditional Chinese (optional, fall back to English). */
export function LocalizedTextInput({ label, value, onChange, testId }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const current: LocalizedText = value ?? { en: '' };
  return (
    <fieldset className="localized-text">
      <legend>{label}</legend>
      {LOCALES.map((locale) => (
        <div key={locale} className="row">
          <label htmlFor={`${id}-${locale}`}>{t(`locale.${locale}`)}</label>
          <input
            id={`${id}-${locale}`}
            data-testid={testId ? `${testId}-${locale}` : undefined}
            value={current[locale] ?? ''}
            required={locale === 'en'}
            onChange={(event) => {
              const next: LocalizedText = { ...current };
              const text = event.target.value;
              if (locale === 'en') next.en = text;
              else if (text === '') delete next[locale];
              else next[locale] = text;
              onChange(next);
            }}
          />
        </div>
      ))}
    </fieldset>
  );
}
